package org.errata.correction.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.errata.runtime.api.LanguageModel;
import org.jspecify.annotations.Nullable;

/**
 * The models a run uses, by role. Only the student is required; a teacher, inspector or critic
 * that is not given is the student itself (self-correction). Models may differ in size and
 * backend: SuperCorrect's teacher can be a remote server while the student runs embedded.
 */
public record ModelSet(
        LanguageModel student,
        @Nullable LanguageModel teacher,
        @Nullable LanguageModel inspector,
        @Nullable LanguageModel critic) {

    public ModelSet {
        Objects.requireNonNull(student, "student");
    }

    public static ModelSet of(LanguageModel student) {
        return new ModelSet(student, null, null, null);
    }

    public ModelSet withTeacher(@Nullable LanguageModel m) { return new ModelSet(student, m, inspector, critic); }
    public ModelSet withInspector(@Nullable LanguageModel m) { return new ModelSet(student, teacher, m, critic); }
    public ModelSet withCritic(@Nullable LanguageModel m) { return new ModelSet(student, teacher, inspector, m); }

    /** The model that plays {@code role}: its own when given, else the student. */
    public LanguageModel model(ModelRole role) {
        LanguageModel m = switch (role) {
            case STUDENT -> student;
            case TEACHER -> teacher;
            case INSPECTOR -> inspector;
            case CRITIC -> critic;
        };
        return m != null ? m : student;
    }

    /** The roles given a model of their own, plus the student; in role order. */
    public Map<ModelRole, LanguageModel> explicitRoles() {
        Map<ModelRole, LanguageModel> out = new EnumMap<>(ModelRole.class);
        out.put(ModelRole.STUDENT, student);
        if (teacher != null) out.put(ModelRole.TEACHER, teacher);
        if (inspector != null) out.put(ModelRole.INSPECTOR, inspector);
        if (critic != null) out.put(ModelRole.CRITIC, critic);
        return out;
    }
}
