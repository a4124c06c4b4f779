package org.errata.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.io.ExportFormat;
import org.errata.app.services.FileTransfers;
import org.errata.app.services.ServiceException;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", modelTransformer = ExportCommand.FormatList.class, description = {
        "Exports a dataset's problems or a run's traces (jsonl), labelled attempts as ProcessBench items or PRM800K label lines, attempts to label in Potato"
                + " ('errata import' reads these back), a run's training sets shaped by its strategy, or one trace as HTML or PNG.",
        "Training lines of SPOC and S\u00b2R streams also write NAME.sidecar.jsonl: per message its character offsets,"
                + " token offsets (with --tokenizer), verdict and correctness."})
public final class ExportCommand implements Callable<Integer> {
    /** Lists every format, one line each, from {@link ExportFormat#description()} (the one home of the list). */
    static final class FormatList implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<String> lines = new ArrayList<>();
            lines.add("Formats (--format):");
            for (ExportFormat f : ExportFormat.values()) lines.add(String.format("  %-16s %s", f.wireName(), f.description()));
            lines.add(String.format("  %-16s %s", "html", "one trace (--run, --problem) as a self-contained HTML file"));
            lines.add(String.format("  %-16s %s", "png", "one trace (--run, --problem) as a PNG image"));
            spec.usageMessage().footer(lines.toArray(String[]::new));
            return spec;
        }
    }

    @ParentCommand Main main;
    @Spec CommandSpec spec;

    static final class Source {
        @Option(names = "--dataset", paramLabel = "NAME", required = true) @Nullable String dataset;
        @Option(names = "--run", paramLabel = "ID", required = true) @Nullable String run;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "One of the formats listed below (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--tokenizer", paramLabel = "demo|PATH", description = "The model whose tokenizer counts the sidecar's token offsets (without it they are null).")
    @Nullable String tokenizer;

    @Option(names = "--out", paramLabel = "FILE", required = true)
    Path out;

    @Option(names = "--allow-empty", description = "Write an empty file (exit 0) when the export yields nothing; otherwise that is an error that says why.")
    boolean allowEmpty;

    @Option(names = "--problem", paramLabel = "PID", description = "With --format html or png: the problem whose trace to export (dataset/key).")
    @Nullable String problem;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "1000", description = "With --format png: image width in pixels, "
            + org.errata.app.export.TracePngRenderer.MIN_WIDTH + " to " + org.errata.app.export.TracePngRenderer.MAX_WIDTH + " (default: ${DEFAULT-VALUE}).")
    int width;

    @Override
    public Integer call() throws PersistenceException, java.io.IOException, org.errata.runtime.api.ModelLoadException {
        if (format.equalsIgnoreCase("html") || format.equalsIgnoreCase("png")) return exportTrace();
        org.errata.persistence.io.OutputFile.target(out); // a folder or device as --out is refused before any work
        ExportFormat f = ExportFormat.fromName(format).orElseThrow(() ->
                new PersistenceException("unknown export format '" + format + "' (" + String.join(", ",
                        java.util.Arrays.stream(ExportFormat.values()).map(ExportFormat::wireName).toList()) + ", html, png)"));
        FileTransfers.Exported written;
        try (Database db = Database.open(main.database());
             org.errata.runtime.api.LanguageModel counter = tokenizer == null ? null
                     : org.errata.app.services.ModelSpecs.open(tokenizer, org.errata.runtime.api.RuntimeOptions.defaults())) {
            // The same service the window's File menu calls.
            FileTransfers transfers = new FileTransfers(db);
            written = source.dataset != null ? transfers.exportDataset(source.dataset, f.wireName(), out, allowEmpty)
                    : transfers.exportRun(new RunId(source.run == null ? "" : source.run), f.wireName(), out, allowEmpty,
                            counter == null ? null : counter::countTokens);
        } catch (ServiceException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        for (String line : written.lines()) spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** One trace as a self-contained HTML file or a PNG image. */
    private int exportTrace() throws PersistenceException, java.io.IOException {
        if (source.run == null || problem == null) {
            throw new PersistenceException("--format " + format + " exports one trace: give --run ID and --problem PID");
        }
        boolean png = format.equalsIgnoreCase("png");
        if (png && (width < org.errata.app.export.TracePngRenderer.MIN_WIDTH || width > org.errata.app.export.TracePngRenderer.MAX_WIDTH)) {
            throw new IllegalArgumentException("--width " + width + " is out of range: a PNG is " + org.errata.app.export.TracePngRenderer.MIN_WIDTH
                    + " to " + org.errata.app.export.TracePngRenderer.MAX_WIDTH + " pixels wide");
        }
        org.errata.persistence.io.OutputFile.target(out); // a folder or device as --out is refused before any work
        org.errata.app.export.TraceCard card;
        try (Database db = Database.open(main.database())) {
            org.errata.persistence.trace.TraceStore store = new org.errata.persistence.trace.TraceStore(db);
            RunId run = new RunId(source.run);
            org.errata.correction.trace.ProblemId pid = new org.errata.correction.trace.ProblemId(problem);
            org.errata.correction.trace.Trace trace = store.trace(run, pid)
                    .orElseThrow(() -> new PersistenceException("run " + run + " has no trace for problem " + pid));
            card = org.errata.app.export.TraceCard.of(trace,
                    new org.errata.persistence.dataset.DatasetStore(db).problem(pid).orElse(null), store.run(run).orElse(null));
        }
        if (!png) {
            org.errata.app.export.HtmlTraceExporter.write(card, out);
        } else {
            System.setProperty("java.awt.headless", "true");
            new org.errata.app.export.TracePngRenderer(width, 16f).write(card, out);
        }
        spec.commandLine().getOut().printf("wrote %s (%s) to %s%n", problem, format.toLowerCase(java.util.Locale.ROOT), out.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
