package org.errata.correction.parse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How to read one model family's output: which segmenter cuts its solutions into steps, which
 * parser reads its verdicts, and optionally a regex that replaces the SPOC parser's default.
 */
public record ModelProfile(String name, String segmenterId, String verdictParserId, @Nullable String verdictRegex) {

    public static final ModelProfile SPOC_DEMO =
            new ModelProfile("spoc-demo", Segmenters.PARAGRAPH, VerdictParsers.SPOC, null);
    public static final ModelProfile S2R =
            new ModelProfile("s2r", Segmenters.ACTION, VerdictParsers.S2R, null);
    public static final ModelProfile SELF_REWARDING =
            new ModelProfile("self-rewarding", Segmenters.PARAGRAPH, VerdictParsers.VERIFY_TAG, null);
    public static final ModelProfile PROCESSBENCH_CRITIC =
            new ModelProfile("processbench-critic", Segmenters.PARAGRAPH, VerdictParsers.BOXED_INDEX, null);
    public static final ModelProfile SUPERCORRECT =
            new ModelProfile("supercorrect", Segmenters.XML_STEP, VerdictParsers.FIRST_ERROR_TAG, null);

    private static final Map<String, ModelProfile> NAMED = List.of(
                    SPOC_DEMO, S2R, SELF_REWARDING, PROCESSBENCH_CRITIC, SUPERCORRECT).stream()
            .collect(Collectors.toUnmodifiableMap(ModelProfile::name, Function.identity()));

    /** Validates both ids (and the regex) up front. */
    public ModelProfile {
        if (name.isBlank()) throw new IllegalArgumentException("profile name must not be blank");
        Segmenters.byId(segmenterId);
        VerdictParsers.byId(verdictParserId);
        if (verdictRegex != null) {
            if (!verdictParserId.equals(VerdictParsers.SPOC)) {
                throw new IllegalArgumentException("a verdict regex only applies to the spoc parser");
            }
            VerdictParsers.spoc(verdictRegex);
        }
    }

    public static Optional<ModelProfile> named(String name) {
        return Optional.ofNullable(NAMED.get(name));
    }

    public static List<String> names() {
        return NAMED.keySet().stream().sorted().toList();
    }

    public Segmenter segmenter() {
        return Segmenters.byId(segmenterId);
    }

    public VerdictParser verdictParser() {
        return verdictRegex == null ? VerdictParsers.byId(verdictParserId) : VerdictParsers.spoc(verdictRegex);
    }

    public ModelProfile withVerdictRegex(@Nullable String regex) {
        return new ModelProfile(name, segmenterId, verdictParserId, regex);
    }
}
