package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.parse.AttemptSteps;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.dataset.DatasetNames;
import org.errata.persistence.dataset.ProblemRows;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceRows;
import org.jspecify.annotations.Nullable;

/**
 * Imports one JSONL file in one transaction. Every line is parsed before anything is written:
 * a malformed line aborts the import with an {@link ImportException} naming file, line and
 * reason, unless {@link ImportOptions#skipBad()} asks to skip and list such lines.
 *
 * <p>Problem files fill a dataset. Pre-recorded files (evaluation samples, ProcessBench,
 * PRM800K) also fill the dataset and become a run with status IMPORTED and strategy
 * "imported", each solution an Attempt with role IMPORTED; ProcessBench steps are joined with
 * a blank line (segmenter "paragraph"), PRM800K steps with a newline (segmenter "line"), and
 * their labels become HumanLabels. Errata's own trace export comes back with its run and ids.
 */
public final class Importer {
    static final String LINE = "line";
    static final String IMPORTED_STRATEGY = "imported";

    private final Database db;
    private final ObjectMapper json = SourceRecords.mapper();

    public Importer(Database db) {
        this.db = db;
    }

    public ImportReport importFile(Path file, ImportOptions options) throws PersistenceException {
        String dataset = options.dataset() != null ? options.dataset() : defaultDatasetName(file);
        DatasetNames.check(dataset);
        Batch batch = new Batch(file, dataset, options);
        int values = 0;
        boolean zip = InspectEval.isZip(file);
        boolean parquet = !zip && ParquetRecords.isParquet(file);
        try (SourceRecords records = zip || parquet ? null : SourceRecords.open(file)) {
            java.util.Iterator<SourceRecords.Entry> inspect = zip ? InspectEval.records(file, json).iterator()
                    : parquet ? ParquetRecords.records(file).iterator() : null;
            SourceRecords.Entry e;
            while ((e = inspect != null ? (inspect.hasNext() ? inspect.next() : null) : records.next()) != null) {
                values++;
                batch.index = values - 1;
                try {
                    if (e.error() != null) throw new BadLineException(e.error());
                    JsonNode o = e.value();
                    if (o == null || !o.isObject()) throw new BadLineException("not a JSON object");
                    batch.add(o, e.line());
                } catch (BadLineException bad) {
                    BadLine line = new BadLine(file, e.line(), bad.getMessage());
                    if (!options.skipBad() || e.fatal()) throw new ImportException(line, e.fatal());
                    batch.skipped.add(line);
                } catch (RuntimeException unexpected) {
                    // A value no reader foresaw (a number out of any range, a field of an odd type): name the line.
                    BadLine line = new BadLine(file, e.line(), "cannot read: " + unexpected.getMessage());
                    if (!options.skipBad()) throw new ImportException(line, false);
                    batch.skipped.add(line);
                }
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (batch.format == null) {
            throw new PersistenceException(file + (values == 0 ? " holds no JSON values"
                    : " holds no value Errata can read (" + batch.skipped.size() + " bad, first: " + batch.skipped.getFirst() + ")"));
        }
        return batch.write();
    }

    /** The endings of the file names an import reads, each also with {@code .gz} after it. */
    public static final List<String> FILE_ENDINGS = List.of(".jsonl", ".json", ".txt", ".eval", ".parquet");

    static String defaultDatasetName(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        for (String ext : FILE_ENDINGS) {
            if (name.endsWith(ext) && name.length() > ext.length()) return name.substring(0, name.length() - ext.length());
        }
        return name;
    }

    /** One (run, problem) tree being assembled from one or more lines. */
    private static final class TraceDraft {
        final List<TraceNode> nodes = new ArrayList<>();
        @Nullable String finalAnswer;
        @Nullable Boolean correct;
        boolean outcomeSet;
    }

    /**
     * A parsed line, applied to the batch only when the whole line parsed. {@code run} names the
     * run it belongs to ("" for a file's single run; the model for files with one run per model);
     * {@code outcomeOfFirst}: the trace's outcome is its first attempt's, once graded.
     */
    record Parsed(String run, Problem problem, List<TraceNode> nodes, @Nullable String finalAnswer,
                  @Nullable Boolean correct, boolean outcomeOfFirst) {
        Parsed(Problem problem, List<TraceNode> nodes, @Nullable String finalAnswer, @Nullable Boolean correct) {
            this("", problem, nodes, finalAnswer, correct, false);
        }
    }

    /** One imported run being assembled. */
    private static final class RunDraft {
        final RunId id = RunId.random();
        final Map<ProblemId, TraceDraft> traces = new LinkedHashMap<>();
        final Set<String> models = new LinkedHashSet<>();
    }

    private final class Batch {
        final Path file;
        String dataset;
        final ImportOptions options;
        @Nullable ImportFormat format;
        final List<BadLine> skipped = new ArrayList<>();
        final Map<ProblemId, Problem> problems = new LinkedHashMap<>();
        final Map<ProblemId, Integer> firstLine = new HashMap<>();
        final Map<String, RunDraft> drafts = new LinkedHashMap<>();
        final ImportGrading grading;
        /** The 0-based index of the value being read (the key of a problem that has none). */
        int index;
        final Instant now = Instant.now();
        // Errata trace exports
        final Map<RunId, Run> runs = new LinkedHashMap<>();
        final List<Trace> traces = new ArrayList<>();
        final Map<Trace, Integer> traceLines = new java.util.IdentityHashMap<>();
        final Map<NodeId, Integer> nodeLines = new HashMap<>();
        // Potato labels onto stored attempts
        final List<Map.Entry<Integer, Potato.Label>> labels = new ArrayList<>();
        final Map<String, Integer> labelLines = new HashMap<>();

        Batch(Path file, String dataset, ImportOptions options) {
            this.file = file;
            this.dataset = dataset;
            this.options = options;
            this.format = options.format();
            this.grading = new ImportGrading(options.grading(), file);
        }

        void add(JsonNode o, int line) {
            if (format == null) {
                format = ImportFormat.detect(o).orElseThrow(() -> new BadLineException(
                        "cannot tell the file's format from this line; give --format"));
                if (format == ImportFormat.PROCESSBENCH && options.dataset() == null && !dataset.startsWith("processbench")) {
                    // Hugging Face names the four subsets gsm8k.json, math.json, ...: not the benchmarks themselves.
                    dataset = "processbench-" + dataset;
                }
            }
            switch (format) {
                case PROBLEMS -> addProblem(problem(o, line, "answer"), line, false);
                case SAMPLES -> addParsed(List.of(QwenMathOutputs.read(o, problem(o, line, QwenMathOutputs.goldField(o)))), line, false);
                case INSPECT -> addParsed(List.of(InspectEval.read(o, doc -> problem(doc, line, "answer"))), line, true);
                case LM_EVAL -> addParsed(List.of(LmEvalSamples.read(o, doc -> problem(doc, line, "answer"))), line, false);
                case GSM8K_SOLUTIONS -> addParsed(Gsm8kSolutions.read(o, problem(o, line, Gsm8kSolutions.GOLD)), line, false);
                case PROCESSBENCH -> addParsed(List.of(ProcessBench.read(o, problem(o, line, "answer"))), line, false);
                case PRM800K -> addParsed(List.of(Prm800k.read(o, dataset, json)), line, true);
                case TRACES -> addTrace(o, line);
                case POTATO_PRM -> addLabel(Potato.read(o, json), line);
            }
        }

        private void addLabel(Potato.Label label, int line) {
            String key = label.attempt().value() + "\u0000" + label.annotator();
            Integer earlier = labelLines.putIfAbsent(key, line);
            if (earlier != null) {
                throw new BadLineException("annotator '" + label.annotator() + "' already labels " + label.attempt()
                        + " on line " + earlier);
            }
            labels.add(Map.entry(line, label));
        }

        private void addProblem(Problem p, int line, boolean merge) {
            Integer earlier = firstLine.get(p.id());
            if (earlier != null && !merge) {
                throw new BadLineException("duplicate problem key '" + p.key() + "' (first on line " + earlier + ")");
            }
            firstLine.putIfAbsent(p.id(), line);
            problems.putIfAbsent(p.id(), p);
        }

        private void addParsed(List<Parsed> parsedLine, int line, boolean merge) {
            if (parsedLine.isEmpty()) throw new BadLineException("no solutions on this line");
            addProblem(parsedLine.getFirst().problem(), line, merge);
            for (Parsed parsed : parsedLine) {
                RunDraft run = drafts.computeIfAbsent(parsed.run(), k -> new RunDraft());
                TraceDraft draft = run.traces.computeIfAbsent(parsed.problem().id(), k -> new TraceDraft());
                int seq = draft.nodes.size();
                int sample = (int) draft.nodes.stream().filter(n -> n instanceof Attempt).count();
                Attempt first = null;
                for (TraceNode n : parsed.nodes()) {
                    if (n instanceof Attempt a && a.parent() == null) {
                        String which = "sample " + sample++ + (a.model().isEmpty() ? "" : " (" + a.model() + ")");
                        n = grading.grade(a, parsed.problem(), line, which);
                        run.models.add(a.model());
                        if (first == null) first = (Attempt) n;
                    }
                    draft.nodes.add(resequence(n, seq++));
                }
                if (!draft.outcomeSet) {
                    boolean fromFirst = parsed.outcomeOfFirst() && first != null;
                    draft.finalAnswer = fromFirst ? first.finalAnswer() : parsed.finalAnswer();
                    draft.correct = fromFirst ? first.correct() : parsed.correct();
                    draft.outcomeSet = true;
                }
            }
        }

        private void addTrace(JsonNode o, int line) {
            ErrataTraces.Line read = ErrataTraces.read(o, json);
            Run run = read.run();
            Run known = runs.putIfAbsent(run.id(), run);
            if (known != null && !known.equals(run)) throw new BadLineException("run " + run.id() + " differs from an earlier line's");
            if (read.problem() != null) problems.putIfAbsent(read.problem().id(), read.problem());
            Trace trace = read.trace();
            for (TraceNode n : trace.nodes()) {
                Integer earlier = nodeLines.get(n.id());
                if (earlier != null) throw new BadLineException("node id " + n.id() + " is already used on line " + earlier);
            }
            for (TraceNode n : trace.nodes()) nodeLines.put(n.id(), line);
            traces.add(trace);
            traceLines.put(trace, line);
        }

        /** A problem from a benchmark-style line of this file ({@link BenchmarkProblems}). */
        Problem problem(JsonNode o, int line, String answerField) {
            return BenchmarkProblems.read(o, dataset, index, answerField, json);
        }

        ImportReport write() throws PersistenceException {
            ImportFormat f = format;
            if (f == null) throw new IllegalStateException("no format");
            if (f.labelsOnly()) return writeLabels(f);
            List<Run> created = new ArrayList<>();
            List<Trace> out = new ArrayList<>();
            if (f == ImportFormat.TRACES) {
                out.addAll(traces);
            } else if (f != ImportFormat.PROBLEMS) {
                for (Map.Entry<String, RunDraft> d : drafts.entrySet()) {
                    RunDraft draft = d.getValue();
                    List<ModelRef> refs = draft.models.stream()
                            .map(m -> new ModelRef("generator", m, IMPORTED_STRATEGY, null, null, "")).toList();
                    Map<String, Object> params = new LinkedHashMap<>();
                    params.put("format", f.wireName());
                    params.put("source", file.getFileName().toString());
                    if (!d.getKey().isEmpty()) params.put("model", d.getKey());
                    params.put("grading", options.grading().describe());
                    Map<String, Object> fileMetrics = f == ImportFormat.SAMPLES ? QwenMathOutputs.metrics(file, json) : null;
                    if (fileMetrics != null) params.put("source_metrics", fileMetrics);
                    String name = file.getFileName().toString() + (d.getKey().isEmpty() ? "" : " · " + d.getKey());
                    Run run = new Run(draft.id, name, dataset, IMPORTED_STRATEGY, params, refs, Map.of(),
                            new Sampling(0, 0, 0, 0, 0, 0), false, options.errataVersion(), null, now, RunStatus.IMPORTED);
                    created.add(run);
                    for (Map.Entry<ProblemId, TraceDraft> e : draft.traces.entrySet()) {
                        TraceDraft t = e.getValue();
                        out.add(new Trace(draft.id, e.getKey(), TraceStatus.FINISHED, t.finalAnswer, t.correct, t.nodes));
                    }
                }
            }
            int attempts = out.stream().mapToInt(t -> t.attempts().size()).sum();
            int labels = out.stream().mapToInt(t -> (int) t.nodes(HumanLabel.class).count()).sum();
            List<String> affectedRuns = new ArrayList<>();
            db.write(c -> {
                affectedRuns.addAll(checkGold(c));
                for (Trace t : traces) {
                    for (TraceNode n : t.nodes()) {
                        String owner = TraceRows.nodeOwner(c, n.id().value());
                        if (owner != null && !owner.equals("run " + t.run() + ", problem " + t.problem())) {
                            throw new ImportException(new BadLine(file, traceLines.getOrDefault(t, 0),
                                    "node id " + n.id() + " is already stored in " + owner));
                        }
                    }
                }
                Map<String, ProblemRows.Writer> writers = new HashMap<>();
                try {
                    for (Problem p : problems.values()) {
                        ProblemRows.Writer w = writers.get(p.dataset());
                        if (w == null) {
                            if (f == ImportFormat.TRACES) ProblemRows.ensureDataset(c, p.dataset(), f.wireName(), null);
                            else ProblemRows.upsertDataset(c, p.dataset(), f.wireName(), file.toAbsolutePath().toString());
                            w = new ProblemRows.Writer(c, p.dataset());
                            writers.put(p.dataset(), w);
                        }
                        w.write(p);
                    }
                    if (problems.isEmpty() && f != ImportFormat.TRACES) {
                        ProblemRows.upsertDataset(c, dataset, f.wireName(), file.toAbsolutePath().toString());
                    }
                } finally {
                    for (ProblemRows.Writer w : writers.values()) w.close();
                }
                for (Run r : created) TraceRows.upsertRun(c, r);
                for (Run r : runs.values()) TraceRows.upsertRun(c, r);
                for (Trace t : out) TraceRows.replaceTrace(c, t, now);
                return null;
            });
            List<RunId> runIds = new ArrayList<>(created.stream().map(Run::id).toList());
            runIds.addAll(runs.keySet());
            return new ImportReport(file, f, dataset, problems.size(), runIds, out.size(), attempts, labels, skipped,
                    affectedRuns, grading.graded(), grading.disagreements(), grading.shown());
        }

        /**
         * Puts each label on the stored attempt it names, in one transaction: an id that is no
         * stored attempt, or a label whose step count is not the attempt's, is a bad line.
         */
        private ImportReport writeLabels(ImportFormat f) throws PersistenceException {
            Set<RunId> runIds = new LinkedHashSet<>();
            Set<String> tracesTouched = new HashSet<>();
            int[] written = {0};
            String[] firstDataset = {null};
            db.write(c -> {
                Map<String, Trace> loaded = new HashMap<>();
                for (Map.Entry<Integer, Potato.Label> e : labels) {
                    Potato.Label label = e.getValue();
                    try {
                        TraceRows.NodeHome home = TraceRows.nodeHome(c, label.attempt().value());
                        if (home == null || !home.kind().equals("attempt")) {
                            throw new BadLineException("instance_id " + label.attempt() + (home == null
                                    ? " is no attempt in this database (export --format potato writes the items to label)"
                                    : " is a " + home.kind() + ", not an attempt"));
                        }
                        String traceKey = home.run().value() + "\u0000" + home.problem().value();
                        Trace trace = loaded.get(traceKey);
                        if (trace == null) {
                            trace = TraceRows.readTrace(c, home.run(), home.problem());
                            if (trace == null) throw new BadLineException("the trace of " + label.attempt() + " is gone");
                            loaded.put(traceKey, trace);
                        }
                        Attempt attempt = (Attempt) trace.node(label.attempt()).orElseThrow();
                        String segmenter = AttemptSteps.segmenter(trace, attempt);
                        int steps = AttemptSteps.texts(trace, attempt, segmenter).size();
                        if (label.rewards().size() != steps) {
                            throw new BadLineException("the label rates " + label.rewards().size() + " steps; attempt "
                                    + label.attempt() + " has " + steps + " under segmenter '" + segmenter + "'");
                        }
                        int seq = trace.nodes().stream().mapToInt(TraceNode::seq).max().orElse(-1) + 1 + written[0];
                        TraceRows.replaceLabel(c, home.run(), home.problem(), label.toLabel(seq, segmenter));
                        written[0]++;
                        runIds.add(home.run());
                        tracesTouched.add(traceKey);
                        if (firstDataset[0] == null) {
                            Run run = TraceRows.readRun(c, home.run());
                            firstDataset[0] = run != null ? run.dataset() : "";
                        }
                    } catch (BadLineException bad) {
                        BadLine line = new BadLine(file, e.getKey(), bad.getMessage());
                        if (!options.skipBad()) throw new ImportException(line);
                        skipped.add(line);
                    }
                }
                return null;
            });
            return new ImportReport(file, f, firstDataset[0] != null ? firstDataset[0] : "", 0, List.copyOf(runIds),
                    tracesTouched.size(), 0, written[0], skipped, List.of(), 0, 0, List.of());
        }

        /**
         * The runs graded against gold answers this import changes. Refused unless
         * {@link ImportOptions#replace()}: a run's grades would no longer match its dataset.
         */
        private List<String> checkGold(java.sql.Connection c) throws java.sql.SQLException, PersistenceException {
            Map<String, Map<String, @Nullable String>> stored = new HashMap<>();
            List<Problem> changed = new ArrayList<>();
            Map<ProblemId, String> before = new HashMap<>();
            for (Problem p : problems.values()) {
                Map<String, @Nullable String> gold = stored.get(p.dataset());
                if (gold == null) {
                    gold = ProblemRows.goldAnswers(c, p.dataset());
                    stored.put(p.dataset(), gold);
                }
                if (gold.containsKey(p.id().value()) && !java.util.Objects.equals(gold.get(p.id().value()), p.goldAnswer())) {
                    changed.add(p);
                    before.put(p.id(), String.valueOf(gold.get(p.id().value())));
                }
            }
            if (changed.isEmpty()) return List.of();
            List<String> runsOn = new ArrayList<>(ProblemRows.runsOn(c, changed.stream().map(p -> p.id().value()).toList()));
            for (RunDraft d : drafts.values()) runsOn.remove(d.id.value());
            runsOn.removeAll(runs.keySet().stream().map(RunId::value).toList());
            if (options.replace()) return runsOn;
            Problem first = changed.getFirst();
            throw new PersistenceException("importing " + file + " would change the gold answer of " + changed.size()
                    + " problem" + (changed.size() == 1 ? "" : "s") + " of dataset '" + first.dataset() + "' (first: "
                    + first.key() + ": '" + before.get(first.id()) + "' -> '" + first.goldAnswer() + "'); "
                    + (runsOn.isEmpty() ? "no run is graded against them yet"
                            : "runs graded against the old answers: " + String.join(", ", runsOn))
                    + ". Nothing was imported; give --replace to overwrite.");
        }
    }

    /** Step nodes covering {@code texts} joined by {@code separator}, under {@code parent}. */
    static List<Step> steps(NodeId parent, List<String> texts, String separator, String segmenter) {
        List<Step> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < texts.size(); i++) {
            int end = start + texts.get(i).length();
            out.add(new Step(NodeId.random(), parent, 0, i, start, end, segmenter));
            start = end + separator.length();
        }
        return out;
    }

    private static TraceNode resequence(TraceNode n, int seq) {
        return switch (n) {
            case Attempt a -> new Attempt(a.id(), a.parent(), seq, a.turn(), a.role(), a.model(), a.prompt(), a.text(),
                    a.finalAnswer(), a.extractedBy(), a.correct(), a.checkerVerdicts(), a.stats(), a.status(), a.error(), a.logprobs());
            case Step s -> new Step(s.id(), s.parent(), seq, s.index(), s.start(), s.end(), s.segmenter());
            case HumanLabel h -> new HumanLabel(h.id(), h.parent(), seq, h.annotator(), h.segmenter(), h.firstErrorStep(),
                    h.stepRatings(), h.errorType(), h.confidence(), h.badProblem(), h.note(), h.timeMs(), h.createdAt(), h.source());
            default -> throw new IllegalArgumentException("imports make no " + n.nodeKind() + " nodes");
        };
    }

    static Instant timestamp(JsonNode n) {
        if (!n.isTextual()) return Instant.EPOCH;
        String s = n.asText();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new BadLineException("timestamp '" + s + "' is not ISO-8601");
            }
        }
    }
}
