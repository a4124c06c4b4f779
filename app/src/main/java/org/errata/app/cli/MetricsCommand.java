package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.correction.metrics.Comparison;
import org.errata.correction.metrics.Metrics;
import org.errata.correction.metrics.MetricsReport;
import org.errata.correction.metrics.TurnDelta;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code errata metrics}: the self-correction metrics of a run, and a comparison with another. */
@Command(name = "metrics", description = "Prints a run's metrics (accuracy by turn, flips, verifier quality, cost); --vs compares two runs.")
public final class MetricsCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID") String run;
    @Option(names = "--vs", paramLabel = "RUN2", description = "Compare with this run on the problems both have.")
    @Nullable String vs;
    @Option(names = "--json", description = "Print JSON (fractions in 0..1, null where the strategy has no such figure).")
    boolean json;
    @Option(names = "--turns", paramLabel = "T1,T2", split = ",", description = "Also print Δ(T1,T2) = Acc@T2 − Acc@T1 "
            + "with its wrong→right and right→wrong parts (every pair T1 < T2 is always under delta_by_turns).")
    @Nullable List<Integer> turns;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = Database.open(main.database())) {
            TraceStore store = new TraceStore(db);
            List<Trace> a = traces(store, run);
            if (turns != null && (turns.size() != 2 || turns.get(0) < 1 || turns.get(1) < 1)) {
                throw new IllegalArgumentException("--turns takes two turns counted from 1, e.g. --turns 1,3");
            }
            MetricsReport report = Metrics.compute(a, subsets(db, store.run(new RunId(run)).orElseThrow().dataset()));
            if (vs == null) {
                Map<String, @Nullable Object> figures = new LinkedHashMap<>(report.toJsonMap());
                if (turns != null) figures.put("delta_turns", TurnDelta.of(a, turns.get(0), turns.get(1)).toJsonMap());
                if (json) out.println(writer().writeValueAsString(figures));
                else table(out, List.of(run), List.of(figures));
            } else {
                List<Trace> b = traces(store, vs);
                Comparison c = Metrics.compare(a, b);
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("a", c.a().toJsonMap());
                    o.put("b", c.b().toJsonMap());
                    o.put("common", c.common());
                    o.put("fixed_by_b", c.fixedByB().stream().map(Object::toString).toList());
                    o.put("broken_by_b", c.brokenByB().stream().map(Object::toString).toList());
                    out.println(writer().writeValueAsString(o));
                } else {
                    table(out, List.of(run, vs), List.of(new LinkedHashMap<>(c.a().toJsonMap()),
                            new LinkedHashMap<>(c.b().toJsonMap())));
                    out.printf(Locale.ROOT, "%nOn %d common problems: fixed by B %d, broken by B %d%n",
                            c.common(), c.fixedByB().size(), c.brokenByB().size());
                }
            }
        }
        out.flush();
        return 0;
    }

    private static List<Trace> traces(TraceStore store, String id) throws Exception {
        RunId runId = new RunId(id);
        if (store.run(runId).isEmpty()) throw new IllegalArgumentException("no run " + id);
        return store.traces(runId);
    }

    /**
     * The ProcessBench subset of each problem of {@code dataset}: its {@code subset} field (an
     * import of ProcessBench reads it from the id: gsm8k-0, math-12, ...), else the dataset's name.
     */
    private static Function<ProblemId, String> subsets(Database db, String dataset) throws Exception {
        DatasetStore problems = new DatasetStore(db);
        Map<ProblemId, String> by = new HashMap<>();
        if (problems.dataset(dataset).isPresent()) {
            for (Problem p : problems.problems(dataset, 0, problems.problemCount(dataset))) {
                Object subset = p.extra().get("subset");
                by.put(p.id(), subset instanceof String s && !s.isBlank() ? s : dataset);
            }
        }
        return id -> by.getOrDefault(id, dataset);
    }

    private static ObjectMapper writer() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** One row per figure; a nested figure (per k, per role, per pair of turns, per subset) as "key.sub". */
    private static void table(PrintWriter out, List<String> runs, List<Map<String, @Nullable Object>> reports) {
        List<String> header = new ArrayList<>();
        header.add("METRIC");
        for (String r : runs) header.add(r.length() > 8 ? r.substring(0, 8) : r);
        List<Map<String, @Nullable Object>> flat = reports.stream().map(r -> {
            Map<String, @Nullable Object> f = new LinkedHashMap<>();
            flatten("", r, f);
            return f;
        }).toList();
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        for (Map<String, @Nullable Object> f : flat) keys.addAll(f.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>();
            row.add(key);
            for (Map<String, @Nullable Object> f : flat) row.add(format(f.get(key)));
            rows.add(row);
        }
        Tables.print(out, header, rows);
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, @Nullable Object> into) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) flatten(key + ".", inner, into);
            else if (e.getValue() instanceof Map<?, ?>) continue;
            else into.put(key, e.getValue());
        }
    }

    private static String format(@Nullable Object v) {
        if (v == null) return "-";
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.4f", d);
        if (v instanceof Float f) return String.format(Locale.ROOT, "%.4f", f);
        if (v instanceof List<?> l) return l.stream().map(MetricsCommand::format).toList().toString();
        return v.toString();
    }
}
