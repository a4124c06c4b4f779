package org.errata.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.app.Version;
import org.errata.app.services.FileTransfers;
import org.errata.app.services.ServiceException;
import org.errata.assets.AssetException;
import org.errata.assets.Assets;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.io.ImportFormat;
import org.errata.persistence.io.ImportOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", modelTransformer = ImportCommand.FormatList.class,
        description = "Imports a file in one transaction: JSON Lines, a JSON array, pretty-printed JSON, any of these gzip-compressed, or Parquet. Every attempt with a gold answer is graded by Errata; where the file's own label disagrees, the first cases are listed. The format is detected unless given.")
public final class ImportCommand implements Callable<Integer> {
    /** Lists every format, one line each, from {@link ImportFormat} itself. */
    public static final class FormatList implements picocli.CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.add("%nFormats (--format):");
            for (ImportFormat f : ImportFormat.values()) lines.add(String.format("  %-16s %s", f.wireName(), f.description()));
            spec.usageMessage().footer(lines.toArray(String[]::new));
            return spec;
        }
    }

    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The JSONL file, or demo-heldout for the bundled demo problems.")
    Path file;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name (default: the file name without extension).")
    @Nullable String dataset;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "One of the formats listed below (problems also as gsm8k, math, aime, amc).")
    @Nullable String format;

    @Option(names = "--skip-bad", description = "Skip malformed lines (and list them) instead of aborting.")
    boolean skipBad;

    @Option(names = "--replace", description = "Allow the import to change gold answers that existing runs were graded against (those runs are named).")
    boolean replace;

    @Option(names = "--rel-tol", paramLabel = "X", description = "Relative tolerance for non-integer answers when grading (default: ${DEFAULT-VALUE}; integers always compare exactly).",
            defaultValue = "1e-4")
    double relTol;

    @Override
    public Integer call() throws PersistenceException {
        ImportFormat f = null;
        if (format != null) {
            f = ImportFormat.fromName(format).orElseThrow(() -> new PersistenceException(
                    "unknown format '" + format + "' (" + java.util.Arrays.stream(ImportFormat.values())
                            .map(ImportFormat::wireName).collect(java.util.stream.Collectors.joining(", ")) + ")"));
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
            org.errata.correction.grading.GradingPolicy policy;
            try {
                policy = new org.errata.correction.grading.GradingPolicy(relTol);
            } catch (IllegalArgumentException e) {
                throw new PersistenceException("--rel-tol: " + e.getMessage());
            }
            // The same service the window's File menu and drops call: same transaction, same messages.
            FileTransfers.Imported r;
            try {
                r = new FileTransfers(db).importFile(source,
                        new ImportOptions(dataset, f, skipBad, replace, policy, Version.version()));
            } catch (ServiceException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
            for (String line : r.lines()) out.println(line);
            out.flush();
        }
        return 0;
    }
}
