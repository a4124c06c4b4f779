package org.errata.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.app.Version;
import org.errata.assets.AssetException;
import org.errata.assets.Assets;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.io.BadLine;
import org.errata.persistence.io.ImportFormat;
import org.errata.persistence.io.ImportOptions;
import org.errata.persistence.io.ImportReport;
import org.errata.persistence.io.Importer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", description = "Imports a JSONL file in one transaction: benchmark problems (GSM8K, MATH500, AIME, AMC), evaluation outputs with several samples per problem, ProcessBench items, PRM800K label lines, or a run exported by 'errata export --format jsonl'. The format is detected unless given.")
public final class ImportCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The JSONL file, or demo-heldout for the bundled demo problems.")
    Path file;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name (default: the file name without extension).")
    @Nullable String dataset;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "problems (also gsm8k, math, aime, amc), samples, processbench, prm800k or traces.")
    @Nullable String format;

    @Option(names = "--skip-bad", description = "Skip malformed lines (and list them) instead of aborting.")
    boolean skipBad;

    @Override
    public Integer call() throws PersistenceException {
        ImportFormat f = null;
        if (format != null) {
            f = ImportFormat.fromName(format).orElseThrow(() -> new PersistenceException(
                    "unknown format '" + format + "' (problems, samples, processbench, prm800k, traces)"));
        }
        PrintWriter out = spec.commandLine().getOut();
        Path source = file;
        if (file.toString().equals(Assets.DEMO_HELDOUT_DATASET) && !java.nio.file.Files.exists(file)) {
            try {
                source = Assets.standard().demoHeldOut();
            } catch (AssetException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
        try (Database db = Database.open(main.database())) {
            ImportReport r = new Importer(db).importFile(source, new ImportOptions(dataset, f, skipBad, Version.version()));
            out.printf("imported %s (%s): %d problems into dataset '%s'%n", r.file(), r.format().wireName(),
                    r.problems(), r.dataset());
            if (r.run() != null) {
                out.printf("run %s: %d traces, %d attempts, %d human labels%n", r.run(), r.traces(), r.attempts(), r.labels());
            }
            if (!r.skipped().isEmpty()) {
                out.printf("skipped %d bad lines:%n", r.skipped().size());
                for (BadLine bad : r.skipped()) out.println(bad);
            }
            out.flush();
        }
        return 0;
    }
}
