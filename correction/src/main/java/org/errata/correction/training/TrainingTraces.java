package org.errata.correction.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.errata.correction.parse.AttemptSteps;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/** Questions about a trace that several strategies' training rules ask; pure functions. */
public final class TrainingTraces {

    private TrainingTraces() {}

    /** Nodes in the order they were made. */
    public static <T extends TraceNode> List<T> sorted(List<T> nodes) {
        List<T> out = new ArrayList<>(nodes);
        out.sort(Comparator.comparingInt(TraceNode::seq));
        return out;
    }

    /** The trace's attempts in the order they were made. */
    public static List<Attempt> attempts(Trace t) {
        return sorted(t.nodes(Attempt.class).toList());
    }

    /**
     * The trace's independent samples: attempts with no parent, when there are several and every
     * one of them is a first turn (an imported evaluation's k samples, sampled candidates), in order.
     */
    public static List<Attempt> samples(Trace t) {
        List<Attempt> roots = sorted(t.nodes(Attempt.class).filter(a -> a.parent() == null && a.turn() == 1).toList());
        long all = t.nodes(Attempt.class).count();
        return roots.size() > 1 && roots.size() == all ? roots : List.of();
    }

    /**
     * Whether {@code a} is right for training: a person's finished label decides where there is
     * one (ProcessBench, PRM800K, Errata's own annotations: right only when no step is wrong, and
     * no verdict at all on a bad problem), else the graded answer. Labels of alternative
     * completions and give-ups decide nothing.
     */
    public static @Nullable Boolean judged(Trace t, Attempt a) {
        HumanLabel h = t.nodes(HumanLabel.class)
                .filter(l -> a.id().equals(l.parent()) && !l.alternative() && !HumanLabel.GAVE_UP.equals(l.note()))
                .max(Comparator.comparing(HumanLabel::createdAt).thenComparingInt(HumanLabel::seq)).orElse(null);
        if (h == null) return a.correct();
        if (h.badProblem()) return null;
        return h.firstErrorStep() < 0 && !h.stepRatings().contains(-1);
    }

    /** The attempt's steps under {@code segmenter} (null: its first stored segmenter), as {@link AttemptSteps} says. */
    public static List<String> stepTexts(Trace t, Attempt a, @Nullable String segmenter) {
        return AttemptSteps.texts(t, a, segmenter != null ? segmenter : AttemptSteps.segmenter(t, a));
    }

    /** The nearest attempt above a node (a revised teacher verification hangs under the inspector). */
    public static Optional<Attempt> attemptAbove(Trace t, TraceNode n) {
        TraceNode at = n;
        for (int guard = 0; guard < 64 && at.parent() != null; guard++) {
            Optional<TraceNode> up = t.node(at.parent());
            if (up.isEmpty()) return Optional.empty();
            if (up.get() instanceof Attempt a) return Optional.of(a);
            at = up.get();
        }
        return Optional.empty();
    }

    /** The attempt a verification checks, when its parent is one. */
    public static Optional<Attempt> target(Trace t, Verification v) {
        return t.node(v.parent()).filter(n -> n instanceof Attempt).map(Attempt.class::cast);
    }

    /**
     * Outcome pairs from independent samples of one problem: each wrong sample against a right
     * one (the i-th wrong with the (i mod r)-th right), prompt = the problem.
     */
    public static List<PreferencePair> outcomePairs(Trace t, String q) {
        List<Attempt> samples = samples(t);
        List<Integer> right = new ArrayList<>();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Boolean c = judged(t, samples.get(i));
            if (Boolean.TRUE.equals(c)) right.add(i);
            else if (Boolean.FALSE.equals(c)) wrong.add(i);
        }
        List<PreferencePair> out = new ArrayList<>();
        if (right.isEmpty()) return out;
        for (int k = 0; k < wrong.size(); k++) {
            int r = right.get(k % right.size());
            int w = wrong.get(k);
            out.add(new PreferencePair(t.problem().value() + "#sample-" + r + "-over-" + w, "outcome", q.strip(),
                    samples.get(r).text().strip(), samples.get(w).text().strip(), -1));
        }
        return out;
    }

    /**
     * Step-DPO pairs: for each located error whose correction rewrote the step, prompt = problem +
     * correct prefix, chosen = the corrected step, rejected = the wrong step.
     */
    public static List<PreferencePair> stepPairs(Trace t, String q) {
        List<PreferencePair> out = new ArrayList<>();
        for (ErrorLocation loc : sorted(t.nodes(ErrorLocation.class).toList())) {
            Verification v = t.node(loc.parent()).filter(n -> n instanceof Verification).map(Verification.class::cast).orElse(null);
            if (v == null) continue;
            Attempt a = target(t, v).orElse(null);
            if (a == null) continue;
            List<String> steps = stepTexts(t, a, null);
            int k = loc.stepIndex();
            if (k >= steps.size()) continue;
            StringBuilder prompt = new StringBuilder(q.strip());
            if (k > 0) prompt.append("\n\n").append(String.join("\n", steps.subList(0, k)));
            List<Correction> corrections = t.nodes(Correction.class).filter(c -> loc.id().equals(c.parent()))
                    .sorted(Comparator.comparingInt(Correction::seq)).toList();
            for (Correction c : corrections) {
                if (c.correctedText() != null && !c.correctedText().strip().equals(steps.get(k).strip())) {
                    out.add(new PreferencePair(t.problem().value() + "#" + c.id() + "#step", "step-dpo", prompt.toString(),
                            c.correctedText().strip(), steps.get(k).strip(), k));
                }
            }
        }
        return out;
    }

    /**
     * Where an error of attempt {@code a} was located, by a strategy's own rule; the verification
     * whose location it is names the labels' source.
     */
    @FunctionalInterface
    public interface LocationRule extends BiFunction<Trace, Attempt, Optional<ErrorLocation>> {}

    /** The first located error of any verification of {@code a} (a critic's, a self check's). */
    public static Optional<ErrorLocation> firstLocation(Trace t, Attempt a) {
        for (Verification v : sorted(t.nodes(Verification.class).filter(v -> a.id().equals(v.parent())).toList())) {
            Optional<ErrorLocation> loc = t.nodes(ErrorLocation.class).filter(e -> v.id().equals(e.parent())).findFirst();
            if (loc.isPresent()) return loc;
        }
        return Optional.empty();
    }

    /**
     * Step labels for one trace: its first attempt with a complete human label; else its first
     * wrong attempt with an error located by {@code located} (labels up to and including that step).
     */
    public static Optional<StepLabels> stepLabels(Trace t, LocationRule located) {
        for (Attempt a : attempts(t)) {
            Optional<StepLabels> s = stepLabels(t, a, located);
            if (s.isPresent()) return s;
        }
        return Optional.empty();
    }

    private static Optional<StepLabels> stepLabels(Trace t, Attempt a, LocationRule located) {
        List<HumanLabel> labels = t.nodes(HumanLabel.class).filter(h -> a.id().equals(h.parent()))
                .sorted(Comparator.comparing(HumanLabel::createdAt)).toList();
        for (HumanLabel h : labels) {
            // A bad problem or a labeller who gave up is no judgement of the steps.
            if (h.badProblem() || HumanLabel.GAVE_UP.equals(h.note())) continue;
            List<String> steps = stepTexts(t, a, h.segmenter());
            List<Boolean> good = new ArrayList<>();
            if (!h.stepRatings().isEmpty()) {
                for (int r : h.stepRatings()) {
                    good.add(r >= 0);
                    if (r < 0) break;
                }
                boolean complete = h.firstErrorStep() >= 0 || h.stepRatings().size() >= steps.size();
                if (!complete) continue;
            } else {
                int n = h.firstErrorStep() < 0 ? steps.size() : h.firstErrorStep() + 1;
                for (int i = 0; i < n; i++) good.add(i != h.firstErrorStep());
            }
            if (good.size() > steps.size()) continue;
            return Optional.of(new StepLabels(t.problem().value(), steps.subList(0, good.size()), good, "human:" + h.annotator()));
        }
        if (!Boolean.FALSE.equals(a.correct())) return Optional.empty();
        Optional<ErrorLocation> loc = located.apply(t, a);
        if (loc.isEmpty()) return Optional.empty();
        Verification v = t.node(loc.get().parent()).filter(n -> n instanceof Verification).map(Verification.class::cast).orElse(null);
        if (v == null) return Optional.empty();
        List<String> steps = stepTexts(t, a, null);
        int k = loc.get().stepIndex();
        if (k >= steps.size()) return Optional.empty();
        List<Boolean> good = new ArrayList<>();
        for (int i = 0; i <= k; i++) good.add(i != k);
        return Optional.of(new StepLabels(t.problem().value(), steps.subList(0, k + 1), good, "located:" + v.role().wireName()));
    }

    /**
     * One message of a stream: a solution ({@code kind} "solution", {@code right} = its answer is
     * right) or a verification ("verification", {@code right} = its verdict tells the truth about
     * the solution it checks; {@code verdict} what it said).
     */
    public record Message(TraceNode node, String kind, String text, boolean right, @Nullable Verdict verdict) {
        public boolean verification() {
            return kind.equals(VERIFICATION);
        }
    }

    public static final String SOLUTION = "solution";
    public static final String VERIFICATION = "verification";

    /**
     * The attempts and verdicts of a stream in order, every attempt graded; empty when one is not.
     * A verdict that could not be read, or about no attempt, never tells the truth.
     */
    public static Optional<List<Message>> stream(Trace t) {
        List<TraceNode> seq = t.nodes().stream()
                .filter(n -> n instanceof Attempt || n instanceof Verification v && v.role() != VerifierRole.ORACLE)
                .sorted(Comparator.comparingInt(TraceNode::seq)).toList();
        List<Message> parts = new ArrayList<>();
        for (TraceNode n : seq) {
            if (n instanceof Attempt a) {
                if (a.correct() == null) return Optional.empty();
                parts.add(new Message(a, SOLUTION, a.text(), a.correct(), null));
            } else if (n instanceof Verification v) {
                parts.add(new Message(v, VERIFICATION, v.rawText(), truthful(t, v), v.verdict()));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(parts);
    }

    /** Whether a verification's verdict matches the graded truth of the attempt it checks. */
    public static boolean truthful(Trace t, Verification v) {
        Attempt target = target(t, v).orElse(null);
        if (target == null || target.correct() == null || v.verdict() == Verdict.UNPARSED) return false;
        return (v.verdict() == Verdict.CORRECT) == target.correct();
    }

    /**
     * The attempts and verdicts of a stream in order, when every attempt is graded, every verdict
     * was read and told the truth, and the last attempt is right; empty otherwise.
     */
    public static Optional<List<Message>> verifiedStream(Trace t) {
        Optional<List<Message>> s = stream(t);
        if (s.isEmpty()) return s;
        List<Message> parts = s.get();
        if (parts.stream().anyMatch(m -> !m.right() && m.verification())) return Optional.empty();
        Message last = parts.stream().filter(m -> !m.verification()).reduce((a, b) -> b).orElse(null);
        return last != null && last.right() ? s : Optional.empty();
    }

    /** A stream joined into one text, and where each message lies in it ({@code [start, end)}). */
    public record Joined(String text, List<Placed> messages) {
        public Joined {
            messages = List.copyOf(messages);
        }
    }

    /** A message and its character span in the joined text. */
    public record Placed(Message message, int start, int end) {}

    /**
     * Joins stripped messages; {@code separator} gives what goes before message i (i &gt; 0), given
     * that message.
     */
    public static Joined join(List<Message> parts, java.util.function.Function<Message, String> separator) {
        StringBuilder b = new StringBuilder();
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) b.append(separator.apply(parts.get(i)));
            int start = b.length();
            b.append(parts.get(i).text().strip());
            placed.add(new Placed(parts.get(i), start, b.length()));
        }
        return new Joined(b.toString(), placed);
    }

    /**
     * The sidecar of a joined stream: per message its kind, character span in the completion,
     * what a verification said ({@code "yes"}/{@code "no"}/{@code "unparsed"}) and whether the
     * message is right (a solution's answer) or true (a verification's verdict). Token offsets
     * are the writer's to add: they need the trainer's tokenizer.
     */
    public static Map<String, Object> sidecar(Joined j) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Placed p : j.messages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.message().kind());
            m.put("char_start", p.start());
            m.put("char_end", p.end());
            m.put("verdict", p.message().verdict() == null ? null : switch (p.message().verdict()) {
                case CORRECT -> "yes";
                case INCORRECT -> "no";
                case UNPARSED -> "unparsed";
            });
            m.put("correct", p.message().right());
            messages.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("completion_chars", j.text().length());
        out.put("messages", messages);
        return out;
    }

    /**
     * Reward data of a joined stream (outcome and process level, as S²R trains on them): the
     * outcome reward (+1 when the last solution is right, else -1) with TRL's unpaired
     * {@code label}, and one rule reward per action (a solution: its answer is right; a
     * verification: its verdict tells the truth), as a list and as S²R's {@code reward_dist}
     * string ({@code R+R-...}), with each action's character span.
     */
    public static Map<String, Object> rewards(Joined j) {
        Message last = j.messages().stream().map(Placed::message).filter(m -> !m.verification()).reduce((a, b) -> b).orElseThrow();
        List<String> actions = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        List<List<Integer>> spans = new ArrayList<>();
        StringBuilder dist = new StringBuilder();
        for (Placed p : j.messages()) {
            actions.add(p.message().verification() ? "verify" : "solve");
            rewards.add(p.message().right() ? 1.0 : -1.0);
            spans.add(List.of(p.start(), p.end()));
            dist.append('R').append(p.message().right() ? '+' : '-');
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", last.right());
        out.put("outcome_reward", last.right() ? 1.0 : -1.0);
        out.put("actions", actions);
        out.put("process_rewards", rewards);
        out.put("action_spans", spans);
        out.put("reward_dist", dist.toString());
        return out;
    }
}
