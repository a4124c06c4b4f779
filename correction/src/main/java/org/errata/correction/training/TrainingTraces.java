package org.errata.correction.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Step;
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

    /** The attempt's steps under {@code segmenter} (null: its first stored segmenter), else paragraphs. */
    public static List<String> stepTexts(Trace t, Attempt a, @Nullable String segmenter) {
        String seg = segmenter != null ? segmenter : t.nodes(Step.class).filter(s -> a.id().equals(s.parent()))
                .map(Step::segmenter).findFirst().orElse(Segmenters.PARAGRAPH);
        List<String> stored = t.nodes(Step.class).filter(s -> a.id().equals(s.parent()) && s.segmenter().equals(seg))
                .sorted(Comparator.comparingInt(Step::index)).map(s -> s.text(a.text())).toList();
        if (!stored.isEmpty()) return stored;
        try {
            return Segmenters.byId(seg).segment(a.text()).stream().map(s -> s.text(a.text())).toList();
        } catch (IllegalArgumentException unknown) {
            return Segmenters.byId(Segmenters.PARAGRAPH).segment(a.text()).stream().map(s -> s.text(a.text())).toList();
        }
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

    /** One solve or verify message of a stream, and whether it is right (an answer) or true (a verdict). */
    public record Message(TraceNode node, String role, String text, boolean right) {}

    /**
     * The attempts and verdicts of a stream in order, when every attempt is graded, every verdict
     * was read and told the truth, and the last attempt is right; empty otherwise.
     */
    public static Optional<List<Message>> verifiedStream(Trace t) {
        List<TraceNode> seq = t.nodes().stream()
                .filter(n -> n instanceof Attempt || n instanceof Verification v && v.role() != VerifierRole.ORACLE)
                .sorted(Comparator.comparingInt(TraceNode::seq)).toList();
        List<Message> parts = new ArrayList<>();
        Attempt last = null;
        for (TraceNode n : seq) {
            if (n instanceof Attempt a) {
                if (a.correct() == null) return Optional.empty();
                last = a;
                parts.add(new Message(a, "solution", a.text(), a.correct()));
            } else if (n instanceof Verification v) {
                Attempt target = target(t, v).orElse(null);
                if (target == null || target.correct() == null || v.verdict() == Verdict.UNPARSED) return Optional.empty();
                if ((v.verdict() == Verdict.CORRECT) != target.correct()) return Optional.empty();
                parts.add(new Message(v, "verification", v.rawText(), true));
            }
        }
        if (last == null || !Boolean.TRUE.equals(last.correct())) return Optional.empty();
        return Optional.of(parts);
    }
}
