package org.errata.app.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.errata.app.Version;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.io.BadLine;
import org.errata.persistence.io.ExportFormat;
import org.errata.persistence.io.Exporter;
import org.errata.persistence.io.ImportOptions;
import org.errata.persistence.io.ImportReport;
import org.errata.persistence.io.Importer;
import org.jspecify.annotations.Nullable;

/**
 * Import and export, for the command line and the window alike: {@code errata import} and
 * {@code errata export} call these methods, and so do the workbench's File menu and drops. A file
 * therefore imports the same way wherever it is given, in one transaction (a bad line writes
 * nothing), and fails with the same one-line message naming file and line. Every method blocks:
 * the window calls them on its task executor.
 */
public final class FileTransfers {
    /** The endings of the files the importers read, each also gzip-compressed ({@code .jsonl.gz}). */
    public static final List<String> IMPORT_ENDINGS = Importer.FILE_ENDINGS;

    private final Database db;

    public FileTransfers(Database db) {
        this.db = db;
    }

    /** What an import wrote, and the lines that say so (as {@code errata import} prints them). */
    public record Imported(List<String> lines, String dataset, int problems, List<RunId> runs) {
        public Imported {
            lines = List.copyOf(lines);
            runs = List.copyOf(runs);
        }

        /** The first line: file, format and what it became. */
        public String summary() {
            return lines.getFirst();
        }
    }

    /** What an export wrote, and the lines that say so (as {@code errata export} prints them). */
    public record Exported(int count, String format, Path file, @Nullable Path sidecar) {
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format("wrote %d lines (%s) to %s", count, format, file.toAbsolutePath()));
            if (sidecar != null) {
                out.add("wrote the sidecar (turn offsets, verdicts, correctness) to " + sidecar.toAbsolutePath());
            }
            return out;
        }
    }

    /** An export format as a person chooses it: its name on the command line and what it writes. */
    public record Format(String name, String description, boolean training) {
        @Override
        public String toString() {
            return name + " \u2014 " + description;
        }
    }

    /** Whether {@code file}'s name is one the importers read (the content decides the format). */
    public static boolean importable(Path file) {
        Path name = file.getFileName();
        if (name == null) return false;
        String n = name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        for (String ending : IMPORT_ENDINGS) if (n.endsWith(ending)) return true;
        return false;
    }

    /** Every format a run exports to, in the order {@code errata export --help} lists them. */
    public static List<Format> exportFormats() {
        return Arrays.stream(ExportFormat.values()).map(f -> new Format(f.wireName(), f.description(), f.training())).toList();
    }

    /** Imports {@code file} with the command line's defaults: format detected, dataset named after the file. */
    public Imported importFile(Path file) throws ServiceException {
        return importFile(file, ImportOptions.defaults(Version.version()));
    }

    /** Imports {@code file} in one transaction; a bad line aborts it with the line's file, number and reason. */
    public Imported importFile(Path file, ImportOptions options) throws ServiceException {
        ImportReport r;
        try {
            r = new Importer(db).importFile(file, options);
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
        return new Imported(describe(r, options), r.dataset(), r.problems(), r.runs());
    }

    /** The report of an import, line by line. */
    static List<String> describe(ImportReport r, ImportOptions options) {
        List<String> out = new ArrayList<>();
        String runs = r.runs().size() == 1 ? "run " + r.run() : r.runs().size() + " runs " + r.runs();
        if (r.format().labelsOnly()) {
            out.add(String.format("imported %s (%s): %d human labels onto attempts of %d traces in %s", r.file(),
                    r.format().wireName(), r.labels(), r.traces(), runs));
        } else {
            out.add(String.format("imported %s (%s): %d problems into dataset '%s'", r.file(), r.format().wireName(),
                    r.problems(), r.dataset()));
        }
        if (!r.runs().isEmpty() && !r.format().labelsOnly()) {
            out.add(String.format("%s: %d traces, %d attempts, %d human labels", runs, r.traces(), r.attempts(), r.labels()));
        }
        if (r.graded() > 0) {
            out.add(String.format("graded %d attempts against gold (integers exact, rel_tol %s otherwise); the file's own label disagrees on %d",
                    r.graded(), options.grading().relativeTolerance(), r.disagreements()));
            for (String d : r.firstDisagreements()) out.add("  " + d);
        }
        if (!r.regradeRuns().isEmpty()) {
            out.add("gold answers changed: runs graded against the old ones: " + String.join(", ", r.regradeRuns()));
        }
        if (!r.skipped().isEmpty()) {
            out.add(String.format("skipped %d bad lines:", r.skipped().size()));
            for (BadLine bad : r.skipped()) out.add(bad.toString());
        }
        return out;
    }

    /**
     * Exports a run's traces, labels or training set (the format's name as {@code errata export}
     * takes it) to {@code out}, written whole or not at all. {@code tokens}: counts a text's
     * tokens for a training sidecar's token offsets (null: they are written as null).
     */
    public Exported exportRun(RunId run, String format, Path out, boolean allowEmpty,
                              @Nullable ToIntFunction<String> tokens) throws ServiceException {
        ExportFormat f = format(format);
        try {
            Exporter.Written w = new Exporter(db).exportRunWritten(run, f, out, allowEmpty, tokens);
            return new Exported(w.lines(), f.wireName(), out, w.sidecar());
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
    }

    /** Exports a dataset's problems (jsonl) or the labelled attempts of its runs. */
    public Exported exportDataset(String dataset, String format, Path out, boolean allowEmpty) throws ServiceException {
        ExportFormat f = format(format);
        try {
            return new Exported(new Exporter(db).exportDataset(dataset, f, out, allowEmpty), f.wireName(), out, null);
        } catch (PersistenceException e) {
            throw new ServiceException(e.getMessage(), e);
        }
    }

    private static ExportFormat format(String name) throws ServiceException {
        return ExportFormat.fromName(name).orElseThrow(() -> new ServiceException("unknown export format '" + name + "' ("
                + String.join(", ", Arrays.stream(ExportFormat.values()).map(ExportFormat::wireName).toList()) + ")"));
    }
}
