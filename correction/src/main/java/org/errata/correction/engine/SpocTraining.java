package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;
import org.errata.correction.training.TrainingTraces.Joined;
import org.errata.correction.training.TrainingTraces.Message;

/**
 * SPOC's training data (METHODS.md A1, D.1). PairSFT: the solve/verify stream as one assistant
 * message (messages joined by a blank line), kept only when the last answer is right and every
 * verdict matches the truth. From a trace of independent samples each checked by the model
 * itself (a best-of-n run), PairSFT is synthesised as the paper builds it: a right sample with
 * its true "Yes", and each wrong sample with its true "No" followed by a right sample with its
 * "Yes". Every item has a sidecar: each message's span in the completion, verdict and correctness.
 */
enum SpocTraining implements TrainingData {
    INSTANCE;

    private static final String SEPARATOR = "\n\n";

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        if (!TrainingTraces.samples(in.trace()).isEmpty()) return synthesised(in);
        if (!spocRun(in)) return List.of();  // another strategy's chain (self-refine...) is no SPOC stream
        return TrainingTraces.verifiedStream(in.trace()).map(s -> List.of(item(in, in.id(), s))).orElse(List.of());
    }

    @Override
    public String sftFilter() {
        return "a right final answer and every verdict true";
    }

    @Override
    public List<TrainingLine> rewards(TrainingInput in) {
        if (!TrainingTraces.samples(in.trace()).isEmpty() || !spocRun(in)) return List.of();
        return TrainingTraces.stream(in.trace()).map(s -> {
            Joined j = join(s);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("prompt", TrainingLine.user(in.problem()));
            fields.put("completion", TrainingLine.assistant(j.text()));
            fields.putAll(TrainingTraces.rewards(j));
            return List.of(new TrainingLine(in.id(), fields, TrainingTraces.sidecar(j)));
        }).orElse(List.of());
    }

    private static boolean spocRun(TrainingInput in) {
        return "spoc".equals(in.run().strategy());  // SpocStrategy.id()
    }

    private static TrainingLine item(TrainingInput in, String id, List<Message> stream) {
        Joined j = join(stream);
        return TrainingLine.of(id, "prompt", TrainingLine.user(in.problem()), "completion", TrainingLine.assistant(j.text()))
                .withSidecar(TrainingTraces.sidecar(j));
    }

    private static Joined join(List<Message> stream) {
        return TrainingTraces.join(stream, m -> SEPARATOR);
    }

    /** Right samples with a true "Yes" alone, then the i-th wrong sample with a true "No" before the (i mod r)-th of them. */
    private static List<TrainingLine> synthesised(TrainingInput in) {
        Trace t = in.trace();
        List<Attempt> samples = TrainingTraces.samples(t);
        List<Integer> right = new ArrayList<>();
        List<Integer> wrong = new ArrayList<>();
        List<List<Message>> checked = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Attempt a = samples.get(i);
            Optional<Verification> own = ownCheck(t, a);
            checked.add(own.map(v -> List.of(new Message(a, TrainingTraces.SOLUTION, a.text(), Boolean.TRUE.equals(a.correct()), null),
                    new Message(v, TrainingTraces.VERIFICATION, v.rawText(), true, v.verdict()))).orElse(List.of()));
            if (own.isEmpty() || a.correct() == null || !TrainingTraces.truthful(t, own.get())) continue;
            if (own.get().verdict() == Verdict.CORRECT) right.add(i);
            else wrong.add(i);
        }
        List<TrainingLine> out = new ArrayList<>();
        for (int r : right) out.add(item(in, in.id() + "#sample-" + r, checked.get(r)));
        if (right.isEmpty()) return out;
        for (int k = 0; k < wrong.size(); k++) {
            int w = wrong.get(k);
            int r = right.get(k % right.size());
            List<Message> pair = new ArrayList<>(checked.get(w));
            pair.addAll(checked.get(r));
            out.add(item(in, in.id() + "#sample-" + w + "-then-" + r, pair));
        }
        return out;
    }

    /** The model's own first check of a sample. */
    private static Optional<Verification> ownCheck(Trace t, Attempt a) {
        return TrainingTraces.sorted(t.nodes(Verification.class)
                .filter(v -> a.id().equals(v.parent()) && v.role() == VerifierRole.SELF).toList()).stream().findFirst();
    }
}
