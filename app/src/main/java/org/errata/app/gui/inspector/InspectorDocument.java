package org.errata.app.gui.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.errata.app.gui.diff.StepAlignment;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.CopiedSpan;
import org.errata.correction.trace.Copying;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * What the inspector shows for one node, computed without a toolkit: the text, style spans over
 * it (steps, the located wrong step, the selected step, the correction), a details table, the
 * attempt's token log-probabilities, its prompt, and the step diff against the previous attempt.
 * {@code checkers} is one line with each answer checker's verdict when the node records that the
 * checkers disagreed (e.g. "Checkers disagree: string ✗ · numeric ✓ · cas —"), else empty.
 */
public record InspectorDocument(
        String title,
        String text,
        List<Span> spans,
        List<Detail> details,
        List<TokenLogprob> logprobs,
        String prompt,
        List<StepAlignment.Row> diff,
        String checkers,
        List<Mark> copied) {

    /**
     * Characters {@code [start, end)} accepted from a speculative copy draft, with where they were
     * copied from ("copied from attempt 1, step 2"). Marks never overlap; they may cross spans.
     */
    public record Mark(int start, int end, String note) {}

    public static final String COPIED = "copied";

    public InspectorDocument(String title, String text, List<Span> spans, List<Detail> details,
                             List<TokenLogprob> logprobs, String prompt, List<StepAlignment.Row> diff, String checkers) {
        this(title, text, spans, details, logprobs, prompt, diff, checkers, List.of());
    }

    /** The note of the copied mark at character {@code index}, if one covers it. */
    public Optional<String> copiedNoteAt(int index) {
        return copied.stream().filter(m -> m.start() <= index && index < m.end()).map(Mark::note).findFirst();
    }

    /** Style classes over {@code [start, end)} of the text. Spans never overlap. */
    public record Span(int start, int end, List<String> styleClasses) {
        public Span {
            styleClasses = List.copyOf(styleClasses);
        }
    }

    public record Detail(String key, String value) {}

    public static final String STEP = "step";
    public static final String STEP_ALT = "step-alt";
    public static final String WRONG_STEP = "wrong-step";
    public static final String HUMAN_ERROR = "human-error-step";
    public static final String SELECTED_STEP = "selected-step";
    public static final String CORRECTION = "correction";
    public static final String ANALYSIS = "analysis";

    public InspectorDocument {
        spans = List.copyOf(spans);
        details = List.copyOf(details);
        logprobs = List.copyOf(logprobs);
        diff = List.copyOf(diff);
        copied = List.copyOf(copied);
    }

    public static InspectorDocument empty() {
        return new InspectorDocument("Nothing selected", "", List.of(), List.of(), List.of(), "", List.of(), "");
    }

    /** The problem statement and its gold answer. */
    public static InspectorDocument ofProblem(@Nullable Problem p, String fallbackTitle) {
        if (p == null) return new InspectorDocument(fallbackTitle, "", List.of(), List.of(), List.of(), "", List.of(), "");
        List<Detail> d = new ArrayList<>();
        d.add(new Detail("dataset", p.dataset()));
        d.add(new Detail("key", p.key()));
        d.add(new Detail("gold answer", p.goldAnswer() == null ? "(none)" : p.goldAnswer()));
        if (p.subject() != null) d.add(new Detail("subject", p.subject()));
        if (p.level() != null) d.add(new Detail("level", p.level().toString()));
        String text = p.text() + (p.goldAnswer() == null ? "" : "\n\nGold answer: $" + p.goldAnswer() + "$");
        return new InspectorDocument("Problem " + p.id(), text, List.of(), d, List.of(), "", List.of(), "");
    }

    /** Text still streaming, before its node is final. */
    public static InspectorDocument ofStreaming(String title, String text) {
        return new InspectorDocument(title + " (streaming)", text, List.of(), List.of(), List.of(), "", List.of(), "");
    }

    /** The document of a final node within the nodes of its trace. */
    public static InspectorDocument of(TraceNode node, List<TraceNode> nodes, @Nullable Run run) {
        return switch (node) {
            case Attempt a -> attempt(a, nodes, run, -1, null, "Attempt " + a.turn());
            case Step s -> find(nodes, s.parent(), Attempt.class)
                    .map(a -> attempt(a, nodes, run, s.index(), null, "Step " + (s.index() + 1) + " of attempt " + a.turn()))
                    .orElseGet(() -> plain("Step " + (s.index() + 1), ""));
            case Verification v -> verification(v, nodes, run);
            case ErrorLocation e -> find(nodes, e.parent(), Verification.class)
                    .flatMap(v -> find(nodes, v.parent(), Attempt.class))
                    .map(a -> attempt(a, nodes, run, -1, e, "Error location in attempt " + a.turn()))
                    .orElseGet(() -> plain("Error location", e.analysis()));
            case Correction c -> find(nodes, c.parent(), ErrorLocation.class)
                    .flatMap(e -> find(nodes, e.parent(), Verification.class))
                    .flatMap(v -> find(nodes, v.parent(), Attempt.class))
                    .map(a -> attempt(a, nodes, run, -1, null, "Correction of attempt " + a.turn()))
                    .orElseGet(() -> plain("Correction", c.guidance()));
            case Aggregate g -> aggregate(g);
            case HumanLabel h -> find(nodes, h.parent(), Attempt.class)
                    .map(a -> attempt(a, nodes, run, -1, null, "Human label by " + h.annotator()))
                    .map(doc -> withDetails(doc, humanDetails(h)))
                    .orElseGet(() -> plain("Human label", ""));
        };
    }

    private static InspectorDocument plain(String title, String text) {
        return new InspectorDocument(title, text, List.of(), List.of(), List.of(), "", List.of(), "");
    }

    private static InspectorDocument withDetails(InspectorDocument d, List<Detail> more) {
        List<Detail> all = new ArrayList<>(more);
        all.addAll(d.details());
        return new InspectorDocument(d.title(), d.text(), d.spans(), all, d.logprobs(), d.prompt(), d.diff(),
                d.checkers());
    }

    private static <T extends TraceNode> Optional<T> find(List<TraceNode> nodes, @Nullable NodeId id, Class<T> type) {
        if (id == null) return Optional.empty();
        return nodes.stream().filter(n -> n.id().equals(id)).filter(type::isInstance).map(type::cast).findFirst();
    }

    private static List<Step> steps(Attempt a, List<TraceNode> nodes) {
        return nodes.stream().filter(n -> n instanceof Step s && a.id().equals(s.parent())).map(Step.class::cast).toList();
    }

    private static InspectorDocument attempt(Attempt a, List<TraceNode> nodes, @Nullable Run run, int selected,
                                             @Nullable ErrorLocation shownAnalysis, String title) {
        Optional<ErrorLocation> located = nodes.stream()
                .filter(n -> n instanceof ErrorLocation e
                        && find(nodes, e.parent(), Verification.class).map(v -> a.id().equals(v.parent())).orElse(false))
                .map(ErrorLocation.class::cast).findFirst();
        int wrong = located.map(ErrorLocation::stepIndex).orElse(-1);
        int human = nodes.stream().filter(n -> n instanceof HumanLabel h && a.id().equals(h.parent()))
                .map(HumanLabel.class::cast).mapToInt(HumanLabel::firstErrorStep).filter(k -> k >= 0).findFirst().orElse(-1);
        List<Span> spans = new ArrayList<>();
        List<Step> steps = steps(a, nodes);
        for (Step s : steps) {
            int end = Math.min(s.end(), a.text().length());
            if (s.start() >= end) continue;
            List<String> cls = new ArrayList<>();
            cls.add(STEP);
            if (s.index() % 2 == 1) cls.add(STEP_ALT);
            if (s.index() == wrong) cls.add(WRONG_STEP);
            if (s.index() == human) cls.add(HUMAN_ERROR);
            if (s.index() == selected) cls.add(SELECTED_STEP);
            spans.add(new Span(s.start(), end, cls));
        }
        StringBuilder text = new StringBuilder(a.text());
        if (shownAnalysis != null) {
            String head = "\n\n\u25B6 Analysis (step " + (shownAnalysis.stepIndex() + 1) + "): ";
            int start = text.length() + 2;
            text.append(head).append(shownAnalysis.analysis());
            spans.add(new Span(start, text.length(), List.of(ANALYSIS)));
        }
        Optional<Correction> correction = located.flatMap(e -> nodes.stream()
                .filter(n -> n instanceof Correction c && e.id().equals(c.parent())).map(Correction.class::cast).findFirst());
        if (correction.isPresent()) {
            Correction c = correction.get();
            int start = text.length() + 2;
            text.append("\n\n\u270E Correction: ").append(c.guidance());
            if (c.correctedText() != null) text.append("\n").append(c.correctedText());
            spans.add(new Span(start, text.length(), List.of(CORRECTION)));
        }
        List<Detail> d = new ArrayList<>();
        d.add(new Detail("turn", Integer.toString(a.turn())));
        d.add(new Detail("role", a.role().wireName()));
        d.add(new Detail("model", a.model()));
        d.add(new Detail("final answer", a.finalAnswer() == null ? "(none)" : a.finalAnswer()
                + (a.extractedBy() == null ? "" : "  [" + a.extractedBy() + "]")));
        d.add(new Detail("vs gold", a.correct() == null ? "not graded" : a.correct() ? "right" : "wrong"));
        d.add(new Detail("steps", Integer.toString(steps.size())));
        if (wrong >= 0) d.add(new Detail("located first error", "step " + (wrong + 1)));
        if (human >= 0) d.add(new Detail("human first error", "step " + (human + 1)));
        d.add(new Detail("status", a.status().wireName() + (a.error() == null ? "" : ": " + a.error())));
        d.addAll(stats(a.stats()));
        if (run != null) d.addAll(sampling(run.sampling()));
        d.add(new Detail("logprobs", logprobsLine(a.logprobs())));
        List<Mark> copied = copiedMarks(a, a.prompt(), a.text(), a.stats(), nodes);
        return new InspectorDocument(title + copiedShare(a.text(), copied), text.toString(), spans, d, a.logprobs(),
                a.prompt(), diffWithPrevious(a, nodes), checkersLine(a.checkerVerdicts()), copied);
    }

    /**
     * Says what the token heatmap rests on: how many tokens carry a log-probability and how many
     * alternatives each, or why none do (the knob that turns them on).
     */
    static String logprobsLine(List<TokenLogprob> lps) {
        if (lps.isEmpty()) {
            return "not recorded (an embedded model records them unless runtime.top_logprobs is -1;"
                    + " an HTTP server is asked only where a strategy needs them)";
        }
        int alternatives = lps.stream().mapToInt(t -> t.top().size()).max().orElse(0);
        return lps.size() + " tokens" + (alternatives == 0 ? ", chosen token only"
                : ", with the " + alternatives + " most likely alternatives") + " (Tokens tab)";
    }

    /** The step diff between {@code a} and the attempt before it (by turn), empty for the first. */
    static List<StepAlignment.Row> diffWithPrevious(Attempt a, List<TraceNode> nodes) {
        Attempt previous = null;
        for (TraceNode n : nodes) {
            if (n.equals(a)) break;
            if (n instanceof Attempt p && p.turn() == a.turn() - 1) previous = p;
        }
        if (previous == null) return List.of();
        Attempt prev = previous;
        List<String> before = steps(prev, nodes).stream().map(s -> s.text(prev.text())).toList();
        List<String> after = steps(a, nodes).stream().map(s -> s.text(a.text())).toList();
        return StepAlignment.align(before, after);
    }

    private static InspectorDocument verification(Verification v, List<TraceNode> nodes, @Nullable Run run) {
        List<Detail> d = new ArrayList<>();
        d.add(new Detail("verdict", v.verdict().wireName()));
        d.add(new Detail("verifier", v.role().wireName() + " (" + v.model() + ")"));
        d.add(new Detail("parser", v.parser() == null ? "(none)" : v.parser()));
        d.add(new Detail("p(yes)", v.pYes() == null ? "no logprobs" : String.format(Locale.ROOT, "%.3f", v.pYes())));
        d.add(new Detail("predicted first error", v.predictedFirstError() == null ? "not said"
                : v.predictedFirstError() < 0 ? "none" : "step " + (v.predictedFirstError() + 1)));
        d.add(new Detail("iteration", Integer.toString(v.iteration())));
        d.add(new Detail("status", v.status().wireName() + (v.error() == null ? "" : ": " + v.error())));
        d.addAll(stats(v.stats()));
        if (run != null) d.addAll(sampling(run.sampling()));
        List<Mark> copied = copiedMarks(v, v.prompt(), v.rawText(), v.stats(), nodes);
        return new InspectorDocument("Verification (" + v.verdict().wireName() + ")" + copiedShare(v.rawText(), copied),
                v.rawText(), List.of(), d, List.of(), v.prompt(), List.of(), "", copied);
    }

    private static InspectorDocument aggregate(Aggregate g) {
        List<Detail> d = List.of(
                new Detail("kind", g.kind().wireName()),
                new Detail("inputs", Integer.toString(g.inputs().size())),
                new Detail("answer", g.answer() == null ? "(none)" : g.answer()),
                new Detail("vs gold", g.correct() == null ? "not graded" : g.correct() ? "right" : "wrong"));
        return new InspectorDocument("Aggregate (" + g.kind().wireName() + ")", g.detail(), List.of(), d, List.of(), "", List.of(),
                checkersLine(g.checkerVerdicts()));
    }

    /**
     * "Checkers disagree: string ✗ · numeric ✓ · cas —" (✓ equal, ✗ different, — undecided), or
     * empty when no disagreement is recorded.
     */
    static String checkersLine(Map<String, @Nullable Boolean> verdicts) {
        if (verdicts.isEmpty()) return "";
        StringJoiner line = new StringJoiner(" \u00B7 ", "Checkers disagree: ", "");
        verdicts.forEach((checker, equal) ->
                line.add(checker + " " + (equal == null ? "\u2014" : equal ? "\u2713" : "\u2717")));
        return line.toString();
    }

    private static List<Detail> humanDetails(HumanLabel h) {
        return List.of(
                new Detail("annotator", h.annotator()),
                new Detail("first error", h.firstErrorStep() < 0 ? "none (all correct)" : "step " + (h.firstErrorStep() + 1)),
                new Detail("step ratings", h.stepRatings().toString()),
                new Detail("error type", h.errorType() == null ? "(none)" : h.errorType()),
                new Detail("confidence", h.confidence() == null ? "(none)" : h.confidence().toString()),
                new Detail("time on item", String.format(Locale.ROOT, "%.1f s", h.timeMs() / 1000.0)));
    }

    private static List<Detail> stats(CallStats s) {
        List<Detail> d = new ArrayList<>();
        d.add(new Detail("tokens in / cached / out", s.tokensIn() + " / " + s.cachedTokensIn() + " / " + s.tokensOut()));
        d.add(new Detail("latency", s.latencyMs() + " ms"));
        if (s.decodeTokensPerSecond() > 0) {
            d.add(new Detail("decode speed", String.format(Locale.ROOT, "%.1f tokens/s", s.decodeTokensPerSecond())));
        } else if (s.latencyMs() > 0 && s.tokensOut() > 0) {
            d.add(new Detail("decode speed", String.format(Locale.ROOT, "%.1f tokens/s", s.tokensOut() * 1000.0 / s.latencyMs())));
        }
        Copying c = s.copying();
        if (c.drafted() > 0) {
            d.add(new Detail("copy drafts (CopySpec)", String.format(Locale.ROOT,
                    "%d drafted, %d accepted (%.0f %%), %d rejected, %d hits, ~%d ms saved",
                    c.drafted(), c.accepted(), 100 * c.acceptanceRate(), c.rejected(), c.hits(), c.savedMs())));
        }
        return d;
    }

    /** " · 63 % copied" for a node with copied spans, else empty. */
    static String copiedShare(String text, List<Mark> copied) {
        if (copied.isEmpty() || text.isEmpty()) return "";
        int chars = copied.stream().mapToInt(m -> Math.min(m.end(), text.length()) - m.start()).sum();
        return String.format(Locale.ROOT, " \u00B7 %d %% copied", Math.round(100.0 * chars / text.length()));
    }

    /** The node's copied spans as marks, each with where it was copied from. */
    static List<Mark> copiedMarks(TraceNode node, String prompt, String text, CallStats stats, List<TraceNode> nodes) {
        List<Mark> marks = new ArrayList<>();
        for (CopiedSpan s : stats.copying().spans()) {
            int end = Math.min(s.end(), text.length());
            if (s.start() >= end) continue;
            marks.add(new Mark(s.start(), end, "copied from " + source(node, prompt, s.source(), nodes)));
        }
        return marks;
    }

    /**
     * Where offset {@code source} of a node's prompt followed by its text lies: in the node itself,
     * in an earlier attempt or verification of the trace whose text the prompt contains, or
     * elsewhere in the prompt.
     */
    static String source(TraceNode node, String prompt, int source, List<TraceNode> nodes) {
        if (source >= prompt.length()) {
            int at = source - prompt.length();
            return node instanceof Attempt a ? "this attempt, " + stepAt(a, at, nodes) : "earlier in this text (" + at + ")";
        }
        List<TraceNode> earlier = new ArrayList<>();
        for (TraceNode n : nodes) {
            if (n.equals(node)) break;
            if (n instanceof Attempt || n instanceof Verification) earlier.add(n);
        }
        for (int i = earlier.size() - 1; i >= 0; i--) {
            TraceNode n = earlier.get(i);
            String t = n instanceof Attempt a ? a.text() : ((Verification) n).rawText();
            if (t.isEmpty()) continue;
            int at = prompt.lastIndexOf(t, source);
            if (at >= 0 && source < at + t.length()) {
                int offset = source - at;
                if (n instanceof Attempt a) return "attempt " + a.turn() + ", " + stepAt(a, offset, nodes);
                return "verification " + (1 + earlier.subList(0, i).stream().filter(x -> x instanceof Verification).count())
                        + ", line " + (1 + t.substring(0, offset).chars().filter(ch -> ch == '\n').count());
            }
        }
        return "the prompt (character " + source + ")";
    }

    private static String stepAt(Attempt a, int offset, List<TraceNode> nodes) {
        for (Step s : steps(a, nodes)) {
            if (s.start() <= offset && offset < s.end()) return "step " + (s.index() + 1);
        }
        return "character " + offset;
    }

    private static List<Detail> sampling(Sampling s) {
        return List.of(new Detail("sampling", String.format(Locale.ROOT,
                "temperature %.2f, top-k %d, top-p %.2f, min-p %.2f, seed %d, max tokens %d",
                s.temperature(), s.topK(), s.topP(), s.minP(), s.seed(), s.maxTokensPerCall())));
    }
}
