package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.grading.ExtractedAnswer;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;

/**
 * GSR (METHODS.md A5): N candidates from one call, then one refinement call over all of them.
 * Tree: candidates (roots), an Aggregate(REFINE) over them, and the refined attempt under it;
 * the aggregate is emitted just before the refined attempt it names as chosen.
 *
 * <p>The refine prompt lists the candidates that did not fail as "Candidate solution i:", in the
 * order they were generated or shuffled ({@code candidate_order}, seeded by {@code shuffle_seed}
 * and the problem id: each problem its own order, a rerun the same). A candidate longer than
 * {@code candidate_max_chars} keeps its last characters (where the final solution and its answer
 * are) after a {@value #CUT_MARK} mark; with {@code refine_max_chars}, every candidate is cut
 * evenly so that the whole rendered refine prompt fits, and a cap too small for the problem and
 * {@code samples} candidates of {@value #MIN_CANDIDATE_CHARS} characters each is refused before
 * any model call. Lengths are in characters: the same for every model. The refine call samples
 * at {@code refine_temperature} (negative: the run's temperature).
 */
public record GsrStrategy(Params params) implements Strategy {

    static final String REFINE = "gsr.refine";
    /** What replaces the cut-off beginning of a long candidate. */
    static final String CUT_MARK = "[...]\n";
    /** The least a refine-prompt cap may leave each candidate. */
    static final int MIN_CANDIDATE_CHARS = 32;

    @Override public String id() { return "gsr"; }
    @Override public org.errata.correction.training.TrainingData trainingData() { return new GsrTraining(params); }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(
            StrategyParams.SAMPLES.withHelp("Candidate solutions sampled before the refine call (N; 4 to 16 in the paper)."),
            Knob.decimal("refine_temperature", -1, -1, 5,
                    "Sampling temperature of the refine call; negative: the candidates' (sampling.temperature)."),
            Knob.choice("candidate_order", "as_generated", List.of("as_generated", "shuffled"),
                    "The order of the candidates in the refine prompt: as sampled, or shuffled by shuffle_seed and the problem."),
            Knob.integer("shuffle_seed", 0, 0, Integer.MAX_VALUE, "The seed of the candidate shuffle (with candidate_order=shuffled)."),
            Knob.integer("candidate_max_chars", 0, 0, Integer.MAX_VALUE,
                    "Longer candidates keep only their last this-many characters (their final solution) in the refine prompt; 0: whole."),
            Knob.integer("refine_max_chars", 0, 0, Integer.MAX_VALUE,
                    "Most characters of the whole refine prompt: candidates are cut evenly to fit; 0: no cap."));

    /** How the candidates are ordered in the refine prompt. */
    public enum CandidateOrder { AS_GENERATED, SHUFFLED }

    /** GSR's knobs: N, the refine call's temperature, the candidates' order, their truncation and the prompt's cap. */
    public record Params(int samples, double refineTemperature, CandidateOrder candidateOrder, int shuffleSeed,
                         int candidateMaxChars, int refineMaxChars) implements StrategyParams {
        public Params {
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1: " + samples);
            java.util.Objects.requireNonNull(candidateOrder, "candidateOrder");
            if (candidateMaxChars < 0 || refineMaxChars < 0 || shuffleSeed < 0) {
                throw new IllegalArgumentException("GSR lengths and seed must be >= 0");
            }
        }

        /** N candidates, everything else as generated and whole, refined at the run's temperature. */
        public Params(int samples) {
            this(samples, -1, CandidateOrder.AS_GENERATED, 0, 0, 0);
        }

        public static Params of(KnobValues v) {
            return new Params(v.integer("samples"), v.decimal("refine_temperature"),
                    v.choice("candidate_order", CandidateOrder.class), v.integer("shuffle_seed"),
                    v.integer("candidate_max_chars"), v.integer("refine_max_chars"));
        }

        @Override
        public Map<String, Object> values() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("samples", samples);
            m.put("refine_temperature", refineTemperature);
            m.put("candidate_order", KnobValues.wire(candidateOrder));
            m.put("shuffle_seed", shuffleSeed);
            m.put("candidate_max_chars", candidateMaxChars);
            m.put("refine_max_chars", refineMaxChars);
            return m;
        }
    }

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, REFINE); }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        String problem = session.problem().text();
        if (params.refineMaxChars() > 0) {
            int room = params.refineMaxChars() - overhead(session, params.samples());
            if (room / params.samples() < MIN_CANDIDATE_CHARS) {
                return new LoopOutcome.Failed("refine_max_chars " + params.refineMaxChars() + " leaves less than "
                        + MIN_CANDIDATE_CHARS + " characters for each of " + params.samples()
                        + " candidates after the problem and the refine template", null, null);
            }
        }
        List<Attempt> candidates = Moves.candidates(session, params.samples());
        RefinePrompt refine = refinePrompt(values -> session.render(REFINE, values), problem,
                session.problem().id().value(), candidates, params);
        List<Attempt> shown = refine.shown();
        int each = refine.each();
        String prompt = refine.text();
        StringBuilder detail = new StringBuilder("refined over " + candidates.size() + " candidates");
        if (params.candidateOrder() == CandidateOrder.SHUFFLED) {
            detail.append("; shown in order ").append(String.join(", ",
                    shown.stream().map(a -> String.valueOf(candidates.indexOf(a) + 1)).toList()));
        }
        int cutAt = each;
        long cut = shown.stream().filter(a -> cutAt > 0 && a.text().length() > cutAt).count();
        if (cut > 0) detail.append("; ").append(cut).append(" cut to their last ").append(each).append(" characters");

        NodeId aggregateId = session.newNode();
        NodeId refinedId = session.newNode();
        Double temperature = params.refineTemperature() < 0 ? null : params.refineTemperature();
        Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, Moves.user(prompt), refinedId, aggregateId,
                "attempt", "refined").withTemperature(temperature));
        Sample s = g.first();
        String answer = session.extract(s.text()).map(ExtractedAnswer::answer).orElse(null);
        session.aggregate(aggregateId, null, AggregateKind.REFINE, candidates.stream().map(Attempt::id).toList(),
                answer, refinedId, detail.toString());
        session.attempt(refinedId, aggregateId, 2, AttemptRole.REFINER, g, s);
        session.check(s);
        return session.stopped("refined");
    }

    /** The refine prompt as the model sees it: the candidates in their shown order, each cut to {@code each} characters (0: whole). */
    record RefinePrompt(String text, List<Attempt> shown, int each) {}

    /**
     * The refine prompt over {@code candidates} (in the order they were sampled) under these
     * knobs: the one place that orders, cuts and caps them, for the refine call and for the
     * training item made from it. {@code render} fills the refine template.
     */
    static RefinePrompt refinePrompt(java.util.function.Function<Map<String, String>, String> render, String problem,
                                     String problemId, List<Attempt> candidates, Params params) {
        List<Attempt> shown = new ArrayList<>(candidates);
        if (params.candidateOrder() == CandidateOrder.SHUFFLED) {
            java.util.Collections.shuffle(shown, new Random(31L * params.shuffleSeed() + problemId.hashCode()));
        }
        int each = params.candidateMaxChars();
        String prompt = render(render, problem, shown, each);
        if (params.refineMaxChars() > 0 && prompt.length() > params.refineMaxChars() && !shown.isEmpty()) {
            List<String> one = java.util.Collections.nCopies(shown.size(), "x");
            int overhead = render.apply(Map.of("problem", problem, "candidates", listed(one))).length() - shown.size();
            int fit = (params.refineMaxChars() - overhead) / shown.size();
            each = each > 0 ? Math.min(each, fit) : fit;
            prompt = render(render, problem, shown, each);
        }
        return new RefinePrompt(prompt, List.copyOf(shown), each);
    }

    private static String render(java.util.function.Function<Map<String, String>, String> render, String problem,
                                 List<Attempt> shown, int maxChars) {
        List<String> texts = shown.stream().map(a -> cut(a.text(), maxChars)).toList();
        return render.apply(Map.of("problem", problem, "candidates", listed(texts)));
    }

    /** The characters of a refine prompt with {@code n} candidates besides their texts: what a cap must leave room for. */
    private static int overhead(ProblemSession session, int n) {
        List<String> one = java.util.Collections.nCopies(n, "x");
        return session.render(REFINE, Map.of("problem", session.problem().text(), "candidates", listed(one))).length() - n;
    }

    /** What the refine prompt writes before each candidate's 1-based number and {@code ":\n"}. */
    public static final String CANDIDATE_LABEL = "Candidate solution ";

    static String listed(List<String> texts) {
        StringBuilder listed = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            listed.append(CANDIDATE_LABEL).append(i + 1).append(":\n").append(texts.get(i)).append("\n\n");
        }
        return listed.toString().strip();
    }

    /** {@code text}, or its last characters after {@link #CUT_MARK}, at most {@code maxChars} in all (0: whole). */
    static String cut(String text, int maxChars) {
        if (maxChars <= 0 || text.length() <= maxChars) return text;
        boolean marked = maxChars > CUT_MARK.length();
        int from = text.length() - (marked ? maxChars - CUT_MARK.length() : maxChars);
        if (Character.isLowSurrogate(text.charAt(from))) from++;
        return (marked ? CUT_MARK : "") + text.substring(from);
    }
}
