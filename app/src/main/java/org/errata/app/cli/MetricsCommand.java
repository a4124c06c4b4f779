package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.correction.metrics.Comparison;
import org.errata.correction.metrics.Metrics;
import org.errata.correction.metrics.MetricsReport;
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = Database.open(main.database())) {
            TraceStore store = new TraceStore(db);
            List<Trace> a = traces(store, run);
            MetricsReport report = Metrics.compute(a);
            if (vs == null) {
                if (json) out.println(writer().writeValueAsString(report.toJsonMap()));
                else table(out, List.of(run), List.of(report.toJsonMap()));
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
                    table(out, List.of(run, vs), List.of(c.a().toJsonMap(), c.b().toJsonMap()));
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

    private static ObjectMapper writer() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static void table(PrintWriter out, List<String> runs, List<Map<String, Object>> reports) {
        List<String> header = new ArrayList<>();
        header.add("METRIC");
        for (String r : runs) header.add(r.length() > 8 ? r.substring(0, 8) : r);
        List<List<String>> rows = new ArrayList<>();
        for (String key : reports.get(0).keySet()) {
            List<String> row = new ArrayList<>();
            row.add(key);
            for (Map<String, Object> rep : reports) row.add(format(rep.get(key)));
            rows.add(row);
        }
        Tables.print(out, header, rows);
    }

    private static String format(@Nullable Object v) {
        if (v == null) return "-";
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.4f", d);
        if (v instanceof Float f) return String.format(Locale.ROOT, "%.4f", f);
        if (v instanceof List<?> l) return l.stream().map(MetricsCommand::format).toList().toString();
        return v.toString();
    }
}
