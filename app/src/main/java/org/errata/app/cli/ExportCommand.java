package org.errata.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.io.ExportFormat;
import org.errata.persistence.io.Exporter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", description = "Exports a dataset's problems or a run's traces (jsonl), or labelled attempts as ProcessBench items or PRM800K label lines. 'errata import' reads every one of these back.")
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    static final class Source {
        @Option(names = "--dataset", paramLabel = "NAME", required = true) @Nullable String dataset;
        @Option(names = "--run", paramLabel = "ID", required = true) @Nullable String run;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "jsonl, processbench or prm800k (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", required = true)
    Path out;

    @Override
    public Integer call() throws PersistenceException {
        ExportFormat f = ExportFormat.fromName(format).orElseThrow(() ->
                new PersistenceException("unknown export format '" + format + "' (jsonl, processbench, prm800k)"));
        int lines;
        try (Database db = Database.open(main.database())) {
            Exporter exporter = new Exporter(db);
            lines = source.dataset != null
                    ? exporter.exportDataset(source.dataset, f, out)
                    : exporter.exportRun(new RunId(source.run == null ? "" : source.run), f, out);
        }
        spec.commandLine().getOut().printf("wrote %d lines (%s) to %s%n", lines, f.wireName(), out.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
