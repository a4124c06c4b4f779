package org.errata.persistence.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.errata.correction.parse.AttemptSteps;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.training.TrainingLine;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.RunSummary;
import org.errata.persistence.trace.TraceJson;
import org.errata.persistence.trace.TraceStore;
import org.jspecify.annotations.Nullable;

/**
 * Writes datasets and runs as JSONL in the shapes {@link Importer} reads back: problems as
 * {@code key, problem, answer, solution, subject, level} plus their extra source fields; a run's
 * traces with the run record and every node; labelled attempts as ProcessBench items or PRM800K
 * label lines. Files are written through {@link OutputFile}: complete or not at all, and only ever a regular file.
 */
public final class Exporter {
    private final TraceStore traces;
    private final DatasetStore datasets;
    private final ObjectMapper json = TraceJson.mapper();

    public Exporter(Database db) {
        this.traces = new TraceStore(db);
        this.datasets = new DatasetStore(db);
    }

    /** {@link #exportDataset(String, ExportFormat, Path, boolean)} writing an empty file when there is nothing. */
    public int exportDataset(String dataset, ExportFormat format, Path out) throws PersistenceException {
        return exportDataset(dataset, format, out, true);
    }

    /**
     * Exports a dataset: its problems (JSONL), or the labelled attempts of every run on it.
     * Returns lines written. Nothing to write is refused with the reason (and no file) unless
     * {@code allowEmpty}.
     */
    public int exportDataset(String dataset, ExportFormat format, Path out, boolean allowEmpty) throws PersistenceException {
        if (datasets.dataset(dataset).isEmpty()) throw new PersistenceException("no dataset named '" + dataset + "'");
        List<Map<String, Object>> lines = new ArrayList<>();
        if (format.training()) throw new PersistenceException(format.wireName() + " exports a run: use --run");
        if (format == ExportFormat.JSONL) {
            int page = 1_000;
            for (int offset = 0; ; offset += page) {
                List<Problem> problems = datasets.problems(dataset, offset, page);
                for (Problem p : problems) lines.add(BenchmarkProblems.line(p));
                if (problems.size() < page) break;
            }
        } else {
            for (RunSummary r : traces.runs()) {
                if (r.dataset().equals(dataset)) {
                    lines.addAll(format == ExportFormat.POTATO ? potatoItems(r.id()) : labelLines(r.id(), format));
                }
            }
        }
        if (lines.isEmpty() && !allowEmpty) {
            throw new EmptyExportException(format == ExportFormat.JSONL ? "0 problems: dataset '" + dataset + "' is empty"
                    : format == ExportFormat.POTATO ? "0 attempts: no run on dataset '" + dataset + "' has an attempt with text"
                    : "0 labelled attempts: no run on dataset '" + dataset + "' has a finished human label");
        }
        write(out, lines);
        return lines.size();
    }

    /** {@link #exportRun(RunId, ExportFormat, Path, boolean)} writing an empty file when there is nothing. */
    public int exportRun(RunId run, ExportFormat format, Path out) throws PersistenceException {
        return exportRun(run, format, out, true);
    }

    /** {@link #exportRun(RunId, ExportFormat, Path, boolean, ToIntFunction)} with no tokenizer (token offsets null). */
    public int exportRun(RunId run, ExportFormat format, Path out, boolean allowEmpty) throws PersistenceException {
        return exportRun(run, format, out, allowEmpty, null);
    }

    /**
     * Exports a run: one line per trace (JSONL), per labelled attempt, or per training item.
     * Returns lines written. Nothing to write is refused with the reason (and no file) unless
     * {@code allowEmpty}. Training lines that come with a sidecar (the parts of a SPOC or S²R
     * stream) also write {@link #sidecar(Path) the sidecar file}, one record per line keyed by
     * {@code id}; {@code tokens} counts a text's tokens the way the trainer's tokenizer does,
     * for the sidecar's token offsets (null: they are written as null).
     */
    public int exportRun(RunId run, ExportFormat format, Path out, boolean allowEmpty,
                         @Nullable ToIntFunction<String> tokens) throws PersistenceException {
        return exportRunWritten(run, format, out, allowEmpty, tokens).lines();
    }

    /** What an export wrote: its lines, and the sidecar file when it wrote one. */
    public record Written(int lines, @Nullable Path sidecar) {}

    /** {@link #exportRun(RunId, ExportFormat, Path, boolean, ToIntFunction)}, saying where the sidecar went. */
    public Written exportRunWritten(RunId run, ExportFormat format, Path out, boolean allowEmpty,
                                    @Nullable ToIntFunction<String> tokens) throws PersistenceException {
        List<Map<String, Object>> lines;
        List<Map<String, Object>> sidecars = new ArrayList<>();
        if (format.training()) {
            List<TrainingLine> items = trainingLines(run, format);
            lines = items.stream().map(TrainingLine::map).toList();
            for (TrainingLine l : items) {
                if (l.sidecar() != null) sidecars.add(withTokens(l, tokens));
            }
        } else {
            lines = format == ExportFormat.JSONL ? traceLines(run)
                    : format == ExportFormat.POTATO ? potatoItems(run) : labelLines(run, format);
        }
        if (lines.isEmpty() && !allowEmpty) {
            Run r = traces.run(run).orElseThrow(() -> new PersistenceException("no run with id " + run));
            String why = format.training() ? TrainingSets.whyEmpty(format, r, traces.traces(run))
                    : format == ExportFormat.JSONL ? "0 traces: run " + run + " has none"
                    : format == ExportFormat.POTATO ? "0 attempts: run " + run + " has no attempt with text"
                    : "0 labelled attempts: run " + run + " has no finished human label";
            throw new EmptyExportException(why);
        }
        write(out, lines);
        if (sidecars.isEmpty()) return new Written(lines.size(), null);
        write(sidecar(out), sidecars);
        return new Written(lines.size(), sidecar(out));
    }

    /** Where the sidecar of export {@code out} goes: {@code NAME.sidecar.jsonl} beside {@code NAME.jsonl}. */
    public static Path sidecar(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(base + ".sidecar.jsonl");
    }

    /**
     * The line's sidecar with token offsets beside each message's character offsets: the tokens
     * of the completion's text before that offset.
     */
    static Map<String, Object> withTokens(TrainingLine line, @Nullable ToIntFunction<String> tokens) {
        Map<String, Object> side = new LinkedHashMap<>(java.util.Objects.requireNonNull(line.sidecarMap()));
        String completion = completionText(line);
        if (side.get("messages") instanceof List<?> messages) {
            List<Map<String, Object>> placed = new ArrayList<>();
            for (Object o : messages) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) o);
                Map<String, Object> ordered = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    ordered.put(e.getKey(), e.getValue());
                    if (e.getKey().equals("char_end")) {
                        ordered.put("token_start", count(tokens, completion, (Integer) m.get("char_start")));
                        ordered.put("token_end", count(tokens, completion, (Integer) m.get("char_end")));
                    }
                }
                placed.add(ordered);
            }
            side.put("messages", placed);
        }
        side.put("completion_tokens", count(tokens, completion, completion.length()));
        return side;
    }

    private static @Nullable Integer count(@Nullable ToIntFunction<String> tokens, String text, int end) {
        if (tokens == null) return null;
        int n = tokens.applyAsInt(text.substring(0, end));
        return n < 0 ? null : n;
    }

    /** The text of the line's (single) completion message. */
    private static String completionText(TrainingLine line) {
        if (line.fields().get("completion") instanceof List<?> l && !l.isEmpty() && l.get(l.size() - 1) instanceof Map<?, ?> m
                && m.get("content") instanceof String c) {
            return c;
        }
        throw new IllegalStateException("a line with a sidecar has one completion message: " + line.id());
    }

    /** An export that would write nothing, refused with the reason. */
    public static final class EmptyExportException extends PersistenceException {
        EmptyExportException(String reason) {
            super(reason + " (nothing written; --allow-empty writes an empty file)");
        }
    }

    private List<Map<String, Object>> traceLines(RunId id) throws PersistenceException {
        Run run = traces.run(id).orElseThrow(() -> new PersistenceException("no run with id " + id));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Trace t : traces.traces(id)) lines.add(ErrataTraces.line(run, t, datasets.problem(t.problem()).orElse(null)));
        return lines;
    }

    private List<TrainingLine> trainingLines(RunId id, ExportFormat format) throws PersistenceException {
        Run run = traces.run(id).orElseThrow(() -> new PersistenceException("no run with id " + id));
        List<Trace> all = traces.traces(id);
        Map<org.errata.correction.trace.ProblemId, Optional<Problem>> problems = new LinkedHashMap<>();
        for (Trace t : all) problems.put(t.problem(), datasets.problem(t.problem()));
        return TrainingSets.trainingLines(format, run, all, p -> problems.getOrDefault(p, Optional.empty()));
    }

    /** Every attempt with text, in trace order, as the Potato item a person labels. */
    private List<Map<String, Object>> potatoItems(RunId run) throws PersistenceException {
        if (traces.run(run).isEmpty()) throw new PersistenceException("no run with id " + run);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Trace t : traces.traces(run)) {
            Optional<Problem> problem = datasets.problem(t.problem());
            for (Attempt a : t.attempts()) {
                if (a.text().isBlank()) continue;
                String segmenter = AttemptSteps.segmenter(t, a);
                lines.add(Potato.item(problem.map(Problem::key).orElse(t.problem().value()),
                        problem.map(Problem::text).orElse(""), run.value(), a, segmenter, AttemptSteps.texts(t, a, segmenter)));
            }
        }
        return lines;
    }

    private List<Map<String, Object>> labelLines(RunId run, ExportFormat format) throws PersistenceException {
        if (traces.run(run).isEmpty()) throw new PersistenceException("no run with id " + run);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Trace t : traces.traces(run)) {
            Optional<Problem> problem = datasets.problem(t.problem());
            for (HumanLabel label : t.nodes(HumanLabel.class).toList()) {
                if (Prm800k.alternative(label)) continue; // written with its step by the label it belongs to
                Optional<TraceNode> parent = t.node(label.parent());
                if (parent.isEmpty() || !(parent.get() instanceof Attempt attempt)) continue;
                List<String> steps = AttemptSteps.texts(t, attempt, label.segmenter());
                // A label still being made (some steps rated, no error yet) is not a judgement of the solution.
                boolean unfinished = label.firstErrorStep() < 0 && !label.badProblem() && !label.stepRatings().isEmpty()
                        && label.stepRatings().size() < steps.size();
                // Potato's export keeps unjudged steps as null: the line comes back as it was.
                if (unfinished && format != ExportFormat.POTATO_PRM) continue;
                // A labeller who gave up judged nothing: not a ProcessBench item (PRM800K keeps it, as give_up).
                if (format == ExportFormat.PROCESSBENCH && HumanLabel.GAVE_UP.equals(label.note())) continue;
                String problemText = problem.map(Problem::text).orElse("");
                lines.add(switch (format) {
                    case PROCESSBENCH -> ProcessBench.line(problem.map(Problem::key).orElse(t.problem().value()), problemText,
                            attempt, steps, label);
                    case POTATO_PRM -> Potato.line(label, steps.size());
                    default -> Prm800k.line(problem.orElse(null), problemText, t, attempt, steps, label);
                });
            }
        }
        return lines;
    }

    private void write(Path out, List<Map<String, Object>> lines) throws PersistenceException {
        try {
            OutputFile.write(out, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                for (Map<String, Object> line : lines) {
                    w.write(json.writeValueAsString(line));
                    w.write('\n');
                }
                w.flush();
            });
        } catch (JsonProcessingException e) {
            throw new PersistenceException("cannot write " + out.toAbsolutePath() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }
}
