package org.errata.app.services;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errata.app.export.TraceCard;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Run;
import org.jspecify.annotations.Nullable;

/**
 * The readable name a new run gets unless the user gives one: when it started (local time), the
 * strategy, the student model as people call it, the dataset and the settings that tell two runs
 * of the same strategy apart (sampling, turns, samples). For example
 * {@code 2026-12-06 14:05 · spoc · demo · demo-heldout · greedy, 3 turns}.
 */
public final class RunNames {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private RunNames() {}

    public static String of(Run run, @Nullable String shard, ZoneId zone) {
        List<String> parts = new ArrayList<>();
        parts.add(WHEN.format(run.createdAt().atZone(zone)));
        parts.add(run.strategy());
        run.model("student").or(() -> run.models().stream().findFirst()).map(RunNames::model).ifPresent(parts::add);
        Object over = run.parameters().get(RunLauncher.OVER);
        parts.add(run.dataset() + (shard == null ? "" : " shard " + shard) + (over == null ? "" : " over run " + over));
        parts.add(settings(run));
        return String.join(" \u00b7 ", parts);
    }

    /** The model as the user named it (demo, a folder, a server), else its id, as people read it. */
    static String model(ModelRef m) {
        return TraceCard.displayName(m);
    }

    /** Sampling, then the strategy's own size knobs when it has them. */
    static String settings(Run run) {
        List<String> s = new ArrayList<>();
        double t = run.sampling().temperature();
        s.add(t == 0 ? "greedy" : String.format(Locale.ROOT, "T=%s", trim(t)));
        count(run, "max_turns", "turn", s);
        count(run, "samples", "sample", s);
        return String.join(", ", s);
    }

    private static void count(Run run, String key, String noun, List<String> out) {
        Object v = run.parameters().get(key);
        if (v instanceof Number n) out.add(n.intValue() + " " + noun + (n.intValue() == 1 ? "" : "s"));
    }

    private static String trim(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
