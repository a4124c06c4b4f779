package org.errata.persistence.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.errata.correction.engine.PromptTemplate;
import org.errata.correction.engine.PromptTemplates;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.Correction;
import org.errata.correction.metrics.InspectedLocation;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * Training sets from a run's traces (METHODS.md section D), as JSON-ready maps, one per line.
 * Every line has an {@code id}: the problem id, plus a suffix when one trace gives several lines.
 * <ul>
 *   <li>{@code trl-sft}: by strategy. SPOC PairSFT (the whole solve/verify stream as one assistant
 *       message, kept only when the last answer is right and every verdict matches the truth);
 *       S²R (the stream with its fixed delimiters and system prompt, same filter); SCoRe two-turn
 *       messages with rewards r1/r2; GSR refine items (refined answer right) mixed with direct
 *       items (right candidates); any other strategy: every right sample when a trace holds several
 *       independent samples (an imported evaluation), else the right final attempt, as direct items;
 *       where a person labelled the attempt, the label decides what is right ({@link #judged}).</li>
 *   <li>{@code trl-dpo} / {@code openrlhf-dpo}: SuperCorrect cross-model pairs (teacher's analysis
 *       and correction against the student's own, only when the last inspector verdict passed the
 *       teacher's correction), outcome pairs (a right sample over a wrong one of the same problem)
 *       and Step-DPO pairs (prompt = problem + correct
 *       prefix, chosen = the corrected step, rejected = the wrong step), conversational for TRL,
 *       plain strings for OpenRLHF ({@code --prompt_key prompt --chosen_key chosen --rejected_key rejected}).</li>
 *   <li>{@code trl-prm} / {@code openrlhf-prm}: step labels truncated after the first error, from
 *       the earliest complete human label of an attempt, else from an error location on an
 *       attempt whose answer is wrong; when a SuperCorrect teacher checked it, only the location
 *       that survived inspection ({@link InspectedLocation#surviving}).</li>
 * </ul>
 */
public final class TrainingSets {
    /** The placeholder OpenRLHF's PRM trainer reads labels at (Math-Shepherd's step tag). */
    public static final String PRM_PLACEHOLDER = "ки";
    /** {@code Correction.producedBy} of SuperCorrect's student correction (SuperCorrectStrategy.STUDENT_PRODUCER). */
    static final String STUDENT = "student";

    private TrainingSets() {}

    public static List<Map<String, Object>> lines(ExportFormat format, Run run, List<Trace> traces,
                                                  Function<ProblemId, Optional<Problem>> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Trace t : traces) {
            String q = problems.apply(t.problem()).map(Problem::text).orElse("");
            switch (format) {
                case TRL_SFT -> out.addAll(sft(run, t, q));
                case TRL_DPO, OPENRLHF_DPO -> {
                    for (Pair p : pairs(t, q)) out.add(format == ExportFormat.TRL_DPO ? p.trl() : p.openRlhf());
                }
                case TRL_PRM, OPENRLHF_PRM -> prm(t, q).ifPresent(p -> out.add(format == ExportFormat.TRL_PRM ? p.trl(q) : p.openRlhf(q)));
                default -> throw new IllegalArgumentException(format.wireName() + " is not a training-set format");
            }
        }
        return out;
    }

    /**
     * Why {@code format} made nothing from these traces, in one line (for example "0 DPO pairs: no
     * problem has both a right and a wrong attempt, and no error was located and corrected").
     */
    public static String whyEmpty(ExportFormat format, Run run, List<Trace> traces) {
        if (traces.isEmpty()) return "run " + run.id() + " has no traces";
        long graded = traces.stream().flatMap(t -> t.nodes(Attempt.class)).filter(a -> a.correct() != null).count();
        long right = traces.stream().flatMap(t -> t.nodes(Attempt.class)).filter(a -> Boolean.TRUE.equals(a.correct())).count();
        long labels = traces.stream().flatMap(t -> t.nodes(HumanLabel.class)).count();
        long located = traces.stream().flatMap(t -> t.nodes(ErrorLocation.class)).count();
        String gradedNote = graded == 0 ? " (no attempt is graded: the dataset has no gold answers)" : "";
        return switch (format) {
            case TRL_SFT -> "0 SFT items: " + (right == 0 ? "no attempt of the " + traces.size() + " traces is right" + gradedNote
                    : "no trace passes strategy " + run.strategy() + "'s filter (a right final answer"
                            + (List.of("spoc", "s2r").contains(run.strategy()) ? " and every verdict true" : "") + ")");
            case TRL_DPO, OPENRLHF_DPO -> "0 DPO pairs: no problem has both a right and a wrong attempt" + gradedNote
                    + (located == 0 ? ", and no error was located and corrected" : ", and no located error has a correction");
            case TRL_PRM, OPENRLHF_PRM -> "0 PRM items: " + (labels == 0 ? "no attempt has a human label" : "no human label is complete")
                    + (located == 0 ? ", and no wrong attempt has a located error" : "");
            default -> "0 lines";
        };
    }

    // ---- SFT -------------------------------------------------------------------------------------

    static List<Map<String, Object>> sft(Run run, Trace t, String q) {
        List<Attempt> attempts = sorted(t.nodes(Attempt.class).toList());
        return switch (run.strategy()) {
            case "spoc" -> verifiedStream(t).map(s -> List.of(line(t.problem().value(),
                    "prompt", List.of(message("user", q)),
                    "completion", List.of(message("assistant", join(s, "\n\n")))))).orElse(List.of());
            case "s2r" -> verifiedStream(t).map(s -> List.of(line(t.problem().value(),
                    "system", template(run, "s2r.system", Map.of()),
                    "prompt", q,
                    "completion", s2rTrace(s)))).orElse(List.of());
            case "score" -> {
                if (attempts.size() < 2 || attempts.get(0).correct() == null || attempts.get(1).correct() == null) yield List.of();
                yield List.of(line(t.problem().value(),
                        "messages", List.of(message("user", q), message("assistant", attempts.get(0).text()),
                                message("user", template(run, "score.revise", Map.of())),
                                message("assistant", attempts.get(1).text())),
                        "r1", Boolean.TRUE.equals(attempts.get(0).correct()) ? 1 : 0,
                        "r2", Boolean.TRUE.equals(attempts.get(1).correct()) ? 1 : 0));
            }
            case "gsr" -> gsr(run, t, q, attempts);
            default -> {
                List<Attempt> samples = samples(t);
                if (samples.size() > 1) {
                    // k independent samples (an imported evaluation, sampled candidates): every right one.
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (int i = 0; i < samples.size(); i++) {
                        if (Boolean.TRUE.equals(judged(t, samples.get(i)))) {
                            out.add(direct(t.problem().value() + "#sample-" + i, q, samples.get(i).text()));
                        }
                    }
                    yield out;
                }
                Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
                yield last != null && Boolean.TRUE.equals(judged(t, last))
                        ? List.of(direct(t.problem().value(), q, last.text())) : List.of();
            }
        };
    }

    /** The attempts and verdict texts in order, when the last answer is right and every verdict told the truth. */
    private static Optional<List<String>> verifiedStream(Trace t) {
        List<TraceNode> seq = t.nodes().stream()
                .filter(n -> n instanceof Attempt || n instanceof Verification v && v.role() != VerifierRole.ORACLE)
                .sorted(Comparator.comparingInt(TraceNode::seq)).toList();
        List<String> parts = new ArrayList<>();
        Attempt last = null;
        for (TraceNode n : seq) {
            if (n instanceof Attempt a) {
                if (a.correct() == null) return Optional.empty();
                last = a;
                parts.add(a.text());
            } else if (n instanceof Verification v) {
                Attempt target = (Attempt) t.node(v.parent()).filter(p -> p instanceof Attempt).orElse(null);
                if (target == null || target.correct() == null || v.verdict() == Verdict.UNPARSED) return Optional.empty();
                if ((v.verdict() == Verdict.CORRECT) != target.correct()) return Optional.empty();
                parts.add(v.rawText());
            }
        }
        if (last == null || !Boolean.TRUE.equals(last.correct())) return Optional.empty();
        return Optional.of(parts);
    }

    /** solution, "Wait, let me recheck my solution.", verification, "Let me try again.", solution, ... */
    private static String s2rTrace(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) b.append("\n\n").append(i % 2 == 1 ? Segmenters.RECHECK : Segmenters.TRY_AGAIN).append("\n\n");
            b.append(parts.get(i).strip());
        }
        return b.toString();
    }

    private static List<Map<String, Object>> gsr(Run run, Trace t, String q, List<Attempt> attempts) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Attempt> candidates = attempts.stream().filter(a -> a.role() == AttemptRole.CANDIDATE).toList();
        Optional<Aggregate> refine = t.nodes(Aggregate.class).filter(g -> g.kind() == AggregateKind.REFINE).findFirst();
        Optional<Attempt> refined = refine.flatMap(g -> attempts.stream()
                .filter(a -> g.id().equals(a.parent()) || a.id().equals(g.chosen())).findFirst());
        if (refined.isPresent() && Boolean.TRUE.equals(refined.get().correct())) {
            Map<NodeId, Attempt> byId = new LinkedHashMap<>();
            for (Attempt a : candidates) byId.put(a.id(), a);
            List<Attempt> inputs = refine.get().inputs().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
            StringBuilder listed = new StringBuilder();
            for (int i = 0; i < inputs.size(); i++) {
                listed.append("Candidate solution ").append(i + 1).append(":\n").append(inputs.get(i).text()).append("\n\n");
            }
            out.add(line(t.problem().value() + "#refine",
                    "prompt", List.of(message("user", template(run, "gsr.refine",
                            Map.of("problem", q, "candidates", listed.toString().strip())))),
                    "completion", List.of(message("assistant", refined.get().text())),
                    "candidates", inputs.size()));
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (Boolean.TRUE.equals(candidates.get(i).correct())) {
                out.add(direct(t.problem().value() + "#direct-" + i, q, candidates.get(i).text()));
            }
        }
        return out;
    }

    private static Map<String, Object> direct(String id, String q, String solution) {
        return line(id, "prompt", List.of(message("user", q)), "completion", List.of(message("assistant", solution)));
    }

    // ---- DPO -------------------------------------------------------------------------------------

    /**
     * A preference pair; {@code kind} is {@code supercorrect}, {@code step-dpo} or {@code outcome}
     * (a right sample over a wrong one of the same problem; {@code firstErrorStep} -1: not located).
     */
    record Pair(String id, String kind, String prompt, String chosen, String rejected, int firstErrorStep) {
        Map<String, Object> trl() {
            return line(id, "prompt", List.of(message("user", prompt)), "chosen", List.of(message("assistant", chosen)),
                    "rejected", List.of(message("assistant", rejected)), "first_error_step", firstErrorStep, "kind", kind);
        }

        Map<String, Object> openRlhf() {
            return line(id, "prompt", prompt, "chosen", chosen, "rejected", rejected, "first_error_step", firstErrorStep,
                    "kind", kind);
        }
    }

    /**
     * The trace's independent samples: attempts with no parent, when there are several and every
     * one of them is a first turn (an imported evaluation's k samples, sampled candidates), in order.
     */
    static List<Attempt> samples(Trace t) {
        List<Attempt> roots = sorted(t.nodes(Attempt.class).filter(a -> a.parent() == null && a.turn() == 1).toList());
        long all = t.nodes(Attempt.class).count();
        return roots.size() > 1 && roots.size() == all ? roots : List.of();
    }

    /**
     * Outcome pairs from independent samples of one problem: each wrong sample against a right
     * one (the i-th wrong with the (i mod r)-th right), prompt = the problem.
     */
    static List<Pair> outcomePairs(Trace t, String q) {
        List<Attempt> samples = samples(t);
        List<Integer> right = new ArrayList<>();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Boolean c = judged(t, samples.get(i));
            if (Boolean.TRUE.equals(c)) right.add(i);
            else if (Boolean.FALSE.equals(c)) wrong.add(i);
        }
        List<Pair> out = new ArrayList<>();
        if (right.isEmpty()) return out;
        for (int k = 0; k < wrong.size(); k++) {
            int r = right.get(k % right.size());
            int w = wrong.get(k);
            out.add(new Pair(t.problem().value() + "#sample-" + r + "-over-" + w, "outcome", q.strip(),
                    samples.get(r).text().strip(), samples.get(w).text().strip(), -1));
        }
        return out;
    }

    /**
     * Whether {@code a} is right for training: a person's finished label decides where there is
     * one (ProcessBench, PRM800K, Errata's own annotations: right only when no step is wrong, and
     * no verdict at all on a bad problem), else the graded answer. Labels of alternative
     * completions and give-ups decide nothing.
     */
    static @Nullable Boolean judged(Trace t, Attempt a) {
        HumanLabel h = t.nodes(HumanLabel.class)
                .filter(l -> a.id().equals(l.parent()) && !Prm800k.alternative(l) && !HumanLabel.GAVE_UP.equals(l.note()))
                .max(Comparator.comparing(HumanLabel::createdAt).thenComparingInt(HumanLabel::seq)).orElse(null);
        if (h == null) return a.correct();
        if (h.badProblem()) return null;
        return h.firstErrorStep() < 0 && !h.stepRatings().contains(-1);
    }

    static List<Pair> pairs(Trace t, String q) {
        List<Pair> out = new ArrayList<>();
        superCorrectPair(t, q).ifPresent(out::add);
        out.addAll(outcomePairs(t, q));
        for (ErrorLocation loc : sorted(t.nodes(ErrorLocation.class).toList())) {
            Verification v = t.node(loc.parent()).filter(n -> n instanceof Verification).map(Verification.class::cast).orElse(null);
            if (v == null) continue;
            Attempt a = t.node(v.parent()).filter(n -> n instanceof Attempt).map(Attempt.class::cast).orElse(null);
            if (a == null) continue;
            List<String> steps = stepTexts(t, a, null);
            int k = loc.stepIndex();
            if (k >= steps.size()) continue;
            String prompt = prefixPrompt(q, steps, k);
            List<Correction> corrections = t.nodes(Correction.class).filter(c -> loc.id().equals(c.parent()))
                    .sorted(Comparator.comparingInt(Correction::seq)).toList();
            // Step-DPO: the corrected step against the wrong one.
            for (Correction c : corrections) {
                if (c.correctedText() != null && !c.correctedText().strip().equals(steps.get(k).strip())) {
                    out.add(new Pair(t.problem().value() + "#" + c.id() + "#step", "step-dpo", prompt, c.correctedText().strip(),
                            steps.get(k).strip(), k));
                }
            }
        }
        return out;
    }

    /**
     * SuperCorrect's cross-model pair (METHODS.md A4, D.5): when the trace's last inspector verdict
     * passed the teacher's correction it checked, chosen = that teacher analysis and correction of
     * step k, rejected = the student's own analysis and correction (a correction produced by
     * {@code "student"} under a self verification of the same attempt, made without the
     * reference), prompt = P_corr over the problem and the attempt's steps up to k. Empty when
     * there is no inspector, the last one flagged the trace, or the student located no error.
     */
    static Optional<Pair> superCorrectPair(Trace t, String q) {
        List<Verification> inspectors = sorted(t.nodes(Verification.class)
                .filter(v -> v.role() == VerifierRole.INSPECTOR).toList());
        if (inspectors.isEmpty()) return Optional.empty();
        Verification last = inspectors.get(inspectors.size() - 1);
        if (last.verdict() != Verdict.CORRECT) return Optional.empty();
        Correction chosen = t.node(last.parent()).filter(n -> n instanceof Correction).map(Correction.class::cast).orElse(null);
        if (chosen == null) return Optional.empty();
        ErrorLocation loc = t.node(chosen.parent()).filter(n -> n instanceof ErrorLocation).map(ErrorLocation.class::cast)
                .orElse(null);
        if (loc == null) return Optional.empty();
        boolean byTeacher = t.node(loc.parent()).filter(n -> n instanceof Verification v && v.role() == VerifierRole.TEACHER)
                .isPresent();
        Attempt a = attemptAbove(t, loc).orElse(null);
        if (!byTeacher || a == null) return Optional.empty();
        Optional<Correction> student = sorted(t.nodes(Correction.class).toList()).stream()
                .filter(c -> c.producedBy().equals(STUDENT) && ownCheck(t, c, a)).findFirst();
        if (student.isEmpty()) return Optional.empty();
        ErrorLocation studentLoc = (ErrorLocation) t.node(student.get().parent()).orElseThrow();
        List<String> steps = stepTexts(t, a, null);
        int k = loc.stepIndex();
        if (k >= steps.size()) return Optional.empty();
        return Optional.of(new Pair(t.problem().value() + "#" + chosen.id(), "supercorrect", correctionPrompt(q, steps, k),
                analysisAndCorrection(loc.analysis(), chosen.guidance()),
                analysisAndCorrection(studentLoc.analysis(), student.get().guidance()), k));
    }

    /** Whether correction {@code c} hangs off an error location of a self verification of attempt {@code a}. */
    private static boolean ownCheck(Trace t, Correction c, Attempt a) {
        return t.node(c.parent()).filter(n -> n instanceof ErrorLocation).flatMap(e -> t.node(e.parent()))
                .filter(n -> n instanceof Verification v && v.role() == VerifierRole.SELF && a.id().equals(v.parent()))
                .isPresent();
    }

    /** The nearest attempt above a node (a revised teacher verification hangs under the inspector). */
    private static Optional<Attempt> attemptAbove(Trace t, TraceNode n) {
        TraceNode at = n;
        for (int guard = 0; guard < 64 && at.parent() != null; guard++) {
            Optional<TraceNode> up = t.node(at.parent());
            if (up.isEmpty()) return Optional.empty();
            if (up.get() instanceof Attempt a) return Optional.of(a);
            at = up.get();
        }
        return Optional.empty();
    }

    /**
     * P_corr: the problem, the correct steps before k, step k itself, and the request to analyse
     * and correct step k (1-based in the text).
     */
    private static String correctionPrompt(String q, List<String> steps, int k) {
        StringBuilder b = new StringBuilder(q.strip());
        for (int i = 0; i < k; i++) b.append("\n<Step").append(i + 1).append('>').append(steps.get(i).strip()).append("</Step").append(i + 1).append('>');
        b.append("\n<Step").append(k + 1).append('>').append(steps.get(k).strip()).append("</Step").append(k + 1).append('>');
        b.append("\n\nStep ").append(k + 1).append(" is the first wrong step. Analyse the error and write the correction.");
        return b.toString();
    }

    private static String analysisAndCorrection(String analysis, String guidance) {
        return "Analysis: " + analysis.strip() + "\n\nCorrection: " + guidance.strip();
    }

    private static String prefixPrompt(String q, List<String> steps, int k) {
        StringBuilder b = new StringBuilder(q.strip());
        if (k > 0) b.append("\n\n").append(String.join("\n", steps.subList(0, k)));
        return b.toString();
    }

    // ---- PRM -------------------------------------------------------------------------------------

    /** Steps with good/bad labels, truncated after the first bad one. */
    record StepLabels(String id, List<String> steps, List<Boolean> labels, String source) {
        Map<String, Object> trl(String q) {
            return line(id, "prompt", q, "completions", steps, "labels", labels, "source", source);
        }

        Map<String, Object> openRlhf(String q) {
            StringBuilder in = new StringBuilder(q.strip());
            for (String s : steps) in.append('\n').append(s.strip()).append(' ').append(PRM_PLACEHOLDER);
            return line(id, "input", in.toString(), "label", labels.stream().map(b -> b ? "+" : "-").toList(), "source", source);
        }
    }

    static Optional<StepLabels> prm(Trace t, String q) {
        // One line per trace: its first labelled attempt.
        for (Attempt a : sorted(t.nodes(Attempt.class).toList())) {
            Optional<StepLabels> s = prm(t, a);
            if (s.isPresent()) return s;
        }
        return Optional.empty();
    }

    private static Optional<StepLabels> prm(Trace t, Attempt a) {
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
        if (InspectedLocation.of(t, a).isPresent()) {
            // A teacher checked it (SuperCorrect): only the location that survived inspection labels it.
            Optional<InspectedLocation> kept = InspectedLocation.surviving(t, a);
            if (kept.isEmpty()) return Optional.empty();
            List<String> steps = stepTexts(t, a, null);
            int k = kept.get().step();
            if (k < 0 || k >= steps.size()) return Optional.empty();
            List<Boolean> good = new ArrayList<>();
            for (int i = 0; i <= k; i++) good.add(i != k);
            return Optional.of(new StepLabels(t.problem().value(), steps.subList(0, k + 1), good, "located:teacher"));
        }
        for (Verification v : sorted(t.nodes(Verification.class).filter(v -> a.id().equals(v.parent())).toList())) {
            Optional<ErrorLocation> loc = t.nodes(ErrorLocation.class).filter(e -> v.id().equals(e.parent())).findFirst();
            if (loc.isEmpty()) continue;
            List<String> steps = stepTexts(t, a, null);
            int k = loc.get().stepIndex();
            if (k >= steps.size()) continue;
            List<Boolean> good = new ArrayList<>();
            for (int i = 0; i <= k; i++) good.add(i != k);
            return Optional.of(new StepLabels(t.problem().value(), steps.subList(0, k + 1), good, "located:" + v.role().wireName()));
        }
        return Optional.empty();
    }

    // ---- shared pieces----------------------------------------------------------------------------

    /** The attempt's steps under {@code segmenter} (null: its first stored segmenter), else paragraphs. */
    static List<String> stepTexts(Trace t, Attempt a, @Nullable String segmenter) {
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

    private static String template(Run run, String name, Map<String, String> values) {
        String text = run.prompts().get(name);
        return new PromptTemplate(name, text != null ? text : PromptTemplates.bundled(name)).render(values).strip();
    }

    private static <T extends TraceNode> List<T> sorted(List<T> nodes) {
        List<T> out = new ArrayList<>(nodes);
        out.sort(Comparator.comparingInt(TraceNode::seq));
        return out;
    }

    private static String join(List<String> parts, String sep) {
        return String.join(sep, parts.stream().map(String::strip).toList());
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static Map<String, Object> line(String id, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
