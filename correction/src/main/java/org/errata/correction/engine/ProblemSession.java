package org.errata.correction.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.engine.LoopOutcome.Budget;
import org.errata.correction.grading.AnswerChecker;
import org.errata.correction.grading.AnswerExtractor;
import org.errata.correction.grading.ExtractedAnswer;
import org.errata.correction.grading.GradeResult;
import org.errata.correction.grading.Grader;
import org.errata.correction.parse.ParsedVerdict;
import org.errata.correction.parse.Segmenter;
import org.errata.correction.parse.Span;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * One problem being decoded by one strategy: what a strategy's state machine works with. It
 * makes model calls through {@link ModelCalls} under the problem's budgets, turns their
 * output into trace nodes (extracting and grading answers, cutting steps, parsing verdicts) and
 * emits each node as a {@link LoopEvent.NodeAdded} in order. Not thread-safe: one problem, one
 * thread.
 */
public final class ProblemSession {

    private static final System.Logger LOG = System.getLogger(ProblemSession.class.getName());

    private final RunId run;
    private final Problem problem;
    private final RunOptions options;
    private final ModelCalls calls;
    private final Consumer<LoopEvent> emit;
    private final Cancellation runCancellation;
    private final Deadline deadline;
    private final Segmenter segmenter;
    private final VerdictParser verdictParser;
    private final Grader grader;
    private final AnswerExtractor extractor = AnswerExtractor.standard();
    private final @Nullable Trace given;
    private final String answerFormat;

    private int seq;
    private int tokensUsed;
    private @Nullable String finalAnswer;
    private @Nullable Boolean finalCorrect;

    ProblemSession(RunId run, Problem problem, Strategy strategy, RunOptions options, ModelCalls calls,
                   Consumer<LoopEvent> emit, Cancellation runCancellation, Deadline deadline, @Nullable Trace given) {
        this.given = given;
        this.run = run;
        this.problem = problem;
        this.options = options;
        this.calls = calls;
        this.emit = emit;
        this.runCancellation = runCancellation;
        this.deadline = deadline;
        this.segmenter = options.parsing().segmenterOr(strategy.defaultSegmenter());
        this.verdictParser = options.parsing().verdictParserOr(strategy.defaultVerdictParser());
        this.grader = options.grading().grader();
        this.answerFormat = options.parsing().profileOrDefault().answerFormat();
    }

    /** Runs {@code strategy} on this problem; every ending, expected or not, comes back as a value. */
    LoopOutcome run(Strategy strategy) {
        try {
            return strategy.solve(this);
        } catch (Halt h) {
            return h.outcome();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "strategy " + strategy.id() + " failed on " + problem.id(), e);
            return new LoopOutcome.Failed("internal error: " + e, finalAnswer, finalCorrect);
        }
    }

    public Problem problem() { return problem; }
    /** In a run over given solutions, this problem's trace in the run that holds them. */
    public Optional<Trace> given() { return Optional.ofNullable(given); }
    public Segmenter segmenter() { return segmenter; }
    /** The parser of the student's own verdicts (profile or override, else the strategy's default). */
    public VerdictParser verdictParser() { return verdictParser; }
    public Pattern spocVerdictLine() { return options.parsing().spocVerdictLine(); }
    /** Whether a verdict word cut from a stream means yes, by the model profile's words. */
    public boolean yes(String word) { return options.parsing().yes(word); }
    /** The per-call token cap (one solution or one verification). */
    public int tokensPerCall() { return options.maxTokensPerCall(); }
    public int tokensUsed() { return tokensUsed; }

    public NodeId newNode() { return NodeId.random(); }

    /** Renders template {@code name} (the run's override, else the bundled text). */
    public String render(String name, Map<String, String> values) {
        return options.templates().get(name).render(values);
    }

    // ---- calls

    /**
     * Makes one call. Halts before calling when the run is cancelled, the deadline passed or the
     * token budget is spent; otherwise lowers max tokens to what the budget has left.
     */
    public Generation generate(CallSpec spec) {
        if (runCancellation.isCancelled()) throw new Halt(new LoopOutcome.Cancelled());
        if (deadline.passed()) throw new Halt(exhausted(Budget.WALL_CLOCK));
        int max = spec.maxTokens() > 0 ? spec.maxTokens() : options.maxTokensPerCall();
        boolean capped = false;
        if (options.tokenBudgetPerProblem() > 0) {
            int left = options.tokenBudgetPerProblem() - tokensUsed;
            if (left <= 0) throw new Halt(exhausted(Budget.TOKENS));
            if (left < max) {
                max = left;
                capped = true;
            }
        }
        Generation g = calls.generate(spec, max);
        for (Sample s : g.samples()) tokensUsed += s.stats().tokensOut();
        if (!capped) return g;
        List<Sample> marked = g.samples().stream()
                .map(s -> s.finish() == FinishReason.LENGTH && !s.cut()
                        ? new Sample(s.text(), s.finish(), false, true, s.error(), s.logprobs(), s.stats()) : s)
                .toList();
        return new Generation(g.model(), g.prompt(), marked);
    }

    /** Halts when this sample's problem cannot go on: failed, cancelled, timed out or out of tokens. */
    public void check(Sample s) {
        interruption(s).ifPresent(o -> { throw new Halt(o); });
    }

    /**
     * Halts on cancellation, timeout or a spent budget in any sample, and on failure only when
     * every sample failed (one failed candidate of N does not stop a vote).
     */
    public void checkAll(List<Sample> samples) {
        for (Sample s : samples) {
            if (s.finish() != FinishReason.ERROR) check(s);
        }
        if (samples.stream().allMatch(s -> s.finish() == FinishReason.ERROR)) check(samples.get(0));
    }

    private Optional<LoopOutcome> interruption(Sample s) {
        if (s.cut()) return Optional.empty();
        return switch (s.finish()) {
            case STOP -> Optional.empty();
            case LENGTH -> s.capped() ? Optional.of(exhausted(Budget.TOKENS)) : Optional.empty();
            case ERROR -> Optional.of(new LoopOutcome.Failed(
                    s.error() != null ? s.error() : "model call failed", finalAnswer, finalCorrect));
            case CANCELLED -> {
                if (deadline.passed() && !runCancellation.isCancelled()) yield Optional.of(exhausted(Budget.WALL_CLOCK));
                runCancellation.cancel();   // a call cancelled from below stops the whole run
                yield Optional.of(new LoopOutcome.Cancelled());
            }
        };
    }

    // ---- outcomes

    public LoopOutcome solved(String reason) { return new LoopOutcome.Solved(finalAnswer, finalCorrect, reason); }
    public LoopOutcome stopped(String reason) { return new LoopOutcome.Stopped(finalAnswer, finalCorrect, reason); }
    public LoopOutcome exhausted(Budget budget) { return new LoopOutcome.BudgetExhausted(budget, finalAnswer, finalCorrect); }

    /** A sample that ended at the per-call max tokens: the problem's token budget is what ran out. */
    public LoopOutcome afterLength() { return exhausted(Budget.TOKENS); }

    // ---- answers

    public Optional<ExtractedAnswer> extract(String text) {
        return switch (answerFormat) {
            case "boxed" -> extractor.extractBoxed(text);
            case "answer_tag" -> extractor.extractAnswerTag(text);
            default -> extractor.extract(text);
        };
    }

    /** The answer checked against the gold answer: null without gold, false without an answer. */
    public @Nullable Boolean grade(@Nullable String answer) {
        return gradeWithVerdicts(answer).correct();
    }

    /**
     * A grade with the checkers' own verdicts, which are kept only when the checkers disagree
     * (see {@link Attempt#checkerVerdicts()}); {@code correct} is null without gold or when
     * grading failed, false without an answer.
     */
    public Grade gradeWithVerdicts(@Nullable String answer) {
        String gold = problem.goldAnswer();
        if (gold == null) return Grade.UNGRADED;
        if (answer == null) return new Grade(false, Map.of());
        try {
            GradeResult r = grader.grade(gold, answer);
            return new Grade(r.equivalent(), r.checkersDisagree() ? verdicts(r) : Map.of());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "grading '" + answer + "' against '" + gold + "' failed", e);
            return Grade.UNGRADED;
        }
    }

    /** Every consulted checker's verdict (null: undecided), in the grader's order of checkers. */
    private Map<String, @Nullable Boolean> verdicts(GradeResult r) {
        Map<String, @Nullable Boolean> out = new LinkedHashMap<>();
        for (List<AnswerChecker> group : List.of(grader.checkers(), grader.costlyCheckers())) {
            for (AnswerChecker checker : group) {
                String id = checker.id();
                if (r.byChecker().containsKey(id)) out.put(id, r.byChecker().get(id));
                else if (r.undecided().contains(id)) out.put(id, null);
            }
        }
        return out;
    }

    /** An answer's grade: {@code correct} as {@link #grade} says, and the disagreeing checkers' verdicts. */
    public record Grade(@Nullable Boolean correct, Map<String, @Nullable Boolean> checkerVerdicts) {
        static final Grade UNGRADED = new Grade(null, Map.of());
    }

    /** Whether two answers are the same under the grader (for clustering votes). */
    public boolean sameAnswer(String a, String b) {
        try {
            return grader.equivalent(a, b);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "comparing '" + a + "' with '" + b + "' failed", e);
            return a.strip().equals(b.strip());
        }
    }

    // ---- nodes

    /** Emits an attempt from one sample (text stripped), then its steps. */
    public Attempt attempt(NodeId id, @Nullable NodeId parent, int turn, AttemptRole role, Generation g, Sample s) {
        String text = s.text().strip();
        int from = CopiedSpans.leading(s.text());
        CallStats stats = CopiedSpans.forNode(s.stats(), s.stats(), g.prompt().length(), 0, from, from + text.length());
        return attempt(id, parent, turn, role, g.model(), g.prompt(), text, stats, s.status(), s.error(), s.logprobs());
    }

    /** Emits an attempt: its answer extracted and graded, then one Step node per segment. */
    public Attempt attempt(NodeId id, @Nullable NodeId parent, int turn, AttemptRole role, String model, String prompt,
                           String text, CallStats stats, NodeStatus status, @Nullable String error,
                           List<TokenLogprob> logprobs) {
        Optional<ExtractedAnswer> answer = status == NodeStatus.FAILED ? Optional.empty() : extract(text);
        String value = answer.map(ExtractedAnswer::answer).orElse(null);
        Grade grade = status == NodeStatus.FAILED ? Grade.UNGRADED : gradeWithVerdicts(value);
        Boolean correct = grade.correct();
        Attempt a = new Attempt(id, parent, seq++, turn, role, model, prompt, text, value,
                answer.map(ExtractedAnswer::extractor).orElse(null), correct, grade.checkerVerdicts(), stats, status,
                error, logprobs);
        add(a);
        if (status != NodeStatus.FAILED && status != NodeStatus.CANCELLED) {
            finalAnswer = value;
            finalCorrect = correct;
        }
        List<Span> spans = segmenter.segment(text);
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            add(new Step(NodeId.random(), id, seq++, i, span.start(), span.end(), segmenter.id()));
        }
        return a;
    }

    /**
     * Emits a given solution as it stands (a judge's run over another run's solutions): a copy of
     * {@code solution} under new ids with no call made (no tokens, no time), its answer and
     * correctness as given (not graded again), then copies of its steps and human labels. The
     * solution's answer becomes the problem's final answer.
     */
    public Attempt givenSolution(Trace source, Attempt solution) {
        NodeId id = NodeId.random();
        Attempt a = new Attempt(id, null, seq++, solution.turn(), solution.role(), solution.model(), solution.prompt(),
                solution.text(), solution.finalAnswer(), solution.extractedBy(), solution.correct(),
                solution.checkerVerdicts(), CallStats.NONE, solution.status(), solution.error(), List.of());
        add(a);
        finalAnswer = solution.finalAnswer();
        finalCorrect = solution.correct();
        for (TraceNode n : source.children(solution.id())) {
            if (n instanceof Step s) {
                add(new Step(NodeId.random(), id, seq++, s.index(), s.start(), s.end(), s.segmenter()));
            } else if (n instanceof HumanLabel h) {
                add(new HumanLabel(NodeId.random(), id, seq++, h.annotator(), h.segmenter(), h.firstErrorStep(),
                        h.stepRatings(), h.errorType(), h.confidence(), h.badProblem(), h.note(), h.timeMs(),
                        h.createdAt(), h.source()));
            }
        }
        return a;
    }

    /** Emits a verification of one sample, read by {@code parser} (p(yes) from log-probabilities when present). */
    public Verification verification(NodeId id, NodeId parent, VerifierRole role, int iteration, VerdictParser parser,
                                     Generation g, Sample s) {
        String raw = s.text().strip();
        ParsedVerdict v = s.status() == NodeStatus.FAILED ? ParsedVerdict.unparsed(parser.id()) : parser.parse(raw);
        int from = CopiedSpans.leading(s.text());
        CallStats stats = CopiedSpans.forNode(s.stats(), s.stats(), g.prompt().length(), 0, from, from + raw.length());
        return verification(id, parent, role, g.model(), g.prompt(), raw, v, pYes(s.logprobs()), iteration,
                stats, s.status(), s.error());
    }

    public Verification verification(NodeId id, NodeId parent, VerifierRole role, String model, String prompt,
                                     String raw, ParsedVerdict v, @Nullable Double pYes, int iteration,
                                     CallStats stats, NodeStatus status, @Nullable String error) {
        Verification node = new Verification(id, parent, seq++, role, model, prompt, raw, v.verdict(), v.parser(),
                pYes, List.of(), v.firstErrorStep(), iteration, stats, status, error);
        add(node);
        return node;
    }

    /**
     * When a verifier rejects an attempt and names its first wrong step (as SPOC-style verifiers
     * do: "The first error is in step 2."), records that as an ErrorLocation under the
     * verification, with the verifier's own lines about the error as the analysis.
     */
    public void locateNamedError(Verification v) {
        Integer k = v.predictedFirstError();
        if (v.verdict() != Verdict.INCORRECT || k == null || k < 0) return;
        List<String> lines = v.rawText().lines()
                .filter(l -> l.contains("\u2717") || l.toLowerCase(java.util.Locale.ROOT).contains("error"))
                .map(String::strip).toList();
        errorLocation(v.id(), k, lines.isEmpty() ? v.rawText() : String.join("\n", lines), null);
    }

    public ErrorLocation errorLocation(NodeId parent, int stepIndex, String analysis, @Nullable String errorType) {
        ErrorLocation e = new ErrorLocation(NodeId.random(), parent, seq++, stepIndex, analysis, errorType);
        add(e);
        return e;
    }

    public Correction correction(NodeId id, NodeId parent, String guidance, @Nullable String correctedText,
                                 String producedBy) {
        Correction c = new Correction(id, parent, seq++, guidance, correctedText, producedBy);
        add(c);
        return c;
    }

    /** Emits an aggregate; its answer (graded here) becomes the problem's final answer. */
    public Aggregate aggregate(NodeId id, @Nullable NodeId parent, AggregateKind kind, List<NodeId> inputs,
                               @Nullable String answer, @Nullable NodeId chosen, String detail) {
        Grade grade = gradeWithVerdicts(answer);
        Boolean correct = grade.correct();
        Aggregate a = new Aggregate(id, parent, seq++, kind, inputs, answer, chosen, correct, grade.checkerVerdicts(),
                detail);
        add(a);
        finalAnswer = answer;
        finalCorrect = correct;
        return a;
    }

    private void add(TraceNode node) {
        emit.accept(new LoopEvent.NodeAdded(run, problem.id(), node));
    }

    /**
     * p(yes) from the last Yes/No token's log-probability: normalised against the other word
     * when it is among the alternatives, else exp(logprob) for Yes and 1 - exp(logprob) for No.
     */
    static @Nullable Double pYes(List<TokenLogprob> logprobs) {
        for (int i = logprobs.size() - 1; i >= 0; i--) {
            TokenLogprob t = logprobs.get(i);
            String word = word(t.token());
            if (!word.equals("yes") && !word.equals("no")) continue;
            boolean yes = word.equals("yes");
            Double other = null;
            for (TokenLogprob.Alternative alt : t.top()) {
                if (word(alt.token()).equals(yes ? "no" : "yes")) {
                    other = alt.logprob();
                    break;
                }
            }
            double p = Math.exp(t.logprob());
            if (other != null) {
                double q = Math.exp(other);
                return yes ? p / (p + q) : q / (p + q);
            }
            return Math.min(1.0, Math.max(0.0, yes ? p : 1 - p));
        }
        return null;
    }

    private static String word(String token) {
        return token.replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ProblemSession[" + run + ", " + problem.id() + "]";
    }

}
