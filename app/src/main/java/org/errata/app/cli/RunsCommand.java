package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.RunSummary;
import org.errata.persistence.trace.TraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "runs", description = "Lists the runs: strategy, model, problems with a finished tree, status and accuracy when known.")
public final class RunsCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array (id, name, dataset, strategy, model, problems, traces, status, accuracy).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<RunSummary> runs;
        try (Database db = Database.open(main.database())) {
            runs = new TraceStore(db).runs();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunSummary r : runs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", r.id().value());
                row.put("name", r.name());
                row.put("dataset", r.dataset());
                row.put("strategy", r.strategy());
                row.put("model", r.model());
                row.put("problems", r.problems());
                row.put("traces", r.traces());
                row.put("status", r.status().name().toLowerCase(Locale.ROOT));
                row.put("accuracy", r.accuracy().isPresent() ? r.accuracy().getAsDouble() : null);
                row.put("created_at", r.createdAt().toString());
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
            out.flush();
        } else {
            Tables.print(out, List.of("ID", "STRATEGY", "MODEL", "DATASET", "PROBLEMS", "STATUS", "ACCURACY"),
                    runs.stream().map(r -> List.of(r.id().value(), r.strategy(), r.model(), r.dataset(),
                            Integer.toString(r.problems()), r.status().name().toLowerCase(Locale.ROOT),
                            r.accuracy().isPresent()
                                    ? String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * r.accuracy().getAsDouble(), r.correct(), r.graded())
                                    : "-")).toList());
        }
        return 0;
    }
}
