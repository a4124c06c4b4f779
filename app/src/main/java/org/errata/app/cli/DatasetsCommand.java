package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.correction.trace.Dataset;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "datasets", description = "Lists the datasets with their problem counts.")
public final class DatasetsCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Dataset> datasets;
        try (Database db = Database.open(main.database())) {
            datasets = new DatasetStore(db).datasets();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Dataset d : datasets) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", d.name());
                row.put("format", d.format());
                row.put("source", d.sourcePath());
                row.put("problems", d.problemCount());
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
            out.flush();
        } else {
            Tables.print(out, List.of("DATASET", "FORMAT", "PROBLEMS"), datasets.stream()
                    .map(d -> List.of(d.name(), d.format(), Integer.toString(d.problemCount()))).toList());
        }
        return 0;
    }

}
