package org.errata.app.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * A trace flattened into the blocks a reader goes through, in emission order: each attempt's
 * steps (the located first error marked), the verification, the error, the correction, the next
 * attempt, human labels and the outcome. The HTML and PNG exports and the presentation reveal
 * all read this one order.
 */
public record TraceCard(String title, String subtitle, String problem, List<Block> blocks) {

    public enum Kind { ATTEMPT, STEP, VERDICT, ERROR, CORRECTION, AGGREGATE, LABEL, OUTCOME }

    /** One block; {@code wrong} marks the step a verifier or person located as the first error. */
    public record Block(Kind kind, String heading, String text, boolean wrong, @Nullable Boolean correct) {}

    public TraceCard {
        blocks = List.copyOf(blocks);
    }

    public static TraceCard of(Trace t, @Nullable Problem problem, @Nullable Run run) {
        List<Block> out = new ArrayList<>();
        List<TraceNode> nodes = new ArrayList<>(t.nodes());
        nodes.sort(Comparator.comparingInt(TraceNode::seq));
        boolean severalModels = run != null && run.models().stream().map(m -> displayName(m.id())).distinct().count() > 1;
        String lastVerification = "";
        for (TraceNode n : nodes) {
            switch (n) {
                case Attempt a -> {
                    String answer = a.finalAnswer() == null ? "no final answer" : "answer " + a.finalAnswer();
                    // A completion that was not chosen (PRM800K) hangs under the step it is an alternative to.
                    String alternativeTo = a.parent() == null ? null : t.node(a.parent())
                            .filter(p -> p instanceof Step).map(p -> "Alternative to step " + (((Step) p).index() + 1)).orElse(null);
                    out.add(new Block(Kind.ATTEMPT, (alternativeTo != null ? alternativeTo + " · " + displayName(a.model())
                            : "Attempt " + a.turn() + " · " + a.role().wireName()
                            + (run == null || severalModels ? " · " + displayName(a.model()) : "")),
                            answer + (a.correct() == null ? "" : a.correct() ? " (right)" : " (wrong)"), false, a.correct()));
                    Set<Integer> wrong = firstErrors(t, a);
                    List<String> steps = steps(t, a);
                    for (int i = 0; i < steps.size(); i++) {
                        out.add(new Block(Kind.STEP, "Step " + (i + 1), steps.get(i), wrong.contains(i), null));
                    }
                }
                case Verification v -> {
                    String head = "Verification · " + v.role().wireName() + " · " + v.verdict().wireName();
                    if (v.predictedFirstError() != null && v.predictedFirstError() >= 0) {
                        head += " · blames step " + (v.predictedFirstError() + 1);
                    }
                    lastVerification = v.rawText().strip();
                    out.add(new Block(Kind.VERDICT, head, v.rawText().strip(), false,
                            switch (v.verdict()) { case CORRECT -> Boolean.TRUE; case INCORRECT -> Boolean.FALSE; case UNPARSED -> null; }));
                }
                case ErrorLocation e -> {
                    // a location parsed out of the verification adds no text of its own: its heading is the news
                    String analysis = e.analysis().strip();
                    if (!lastVerification.isEmpty() && lastVerification.contains(analysis)) analysis = "";
                    out.add(new Block(Kind.ERROR, "First error: step " + (e.stepIndex() + 1)
                            + (e.errorType() == null ? "" : " · " + e.errorType()), analysis, true, null));
                }
                case Correction c -> out.add(new Block(Kind.CORRECTION, "Correction · " + c.producedBy(),
                        c.guidance().strip() + (c.correctedText() == null ? "" : "\n\n" + c.correctedText().strip()), false, null));
                case Aggregate g -> out.add(new Block(Kind.AGGREGATE, g.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " over " + g.inputs().size() + " candidates", (g.answer() == null ? "no answer" : "answer " + g.answer())
                        + (g.detail().isBlank() ? "" : " · " + g.detail()), false, g.correct()));
                case HumanLabel h -> out.add(new Block(Kind.LABEL, "Human label · " + h.annotator(),
                        h.verdictText() + (h.errorType() == null ? "" : " · " + h.errorType())
                        + (h.note() == null || HumanLabel.GAVE_UP.equals(h.note()) ? "" : " · " + h.note()), false, null));
                case Step s -> { }
            }
        }
        out.add(new Block(Kind.OUTCOME, "Outcome", (t.finalAnswer() == null ? "no final answer" : "final answer " + t.finalAnswer())
                + (t.correct() == null ? "" : t.correct() ? " · right" : " · wrong"), false, t.correct()));
        String title = problem != null ? problem.dataset() + " / " + problem.key() : t.problem().value();
        // for an audience: strategy and model by name; hashes and run ids stay in the workbench's Details
        String subtitle = run == null ? "" : run.strategy() + (run.models().isEmpty() ? "" : " · " + displayName(run.models().get(0)));
        return new TraceCard(title, subtitle, problem != null ? problem.text() : "", out);
    }

    /**
     * A run's model as an audience reads it: as the user named it (demo, a folder, a server), else
     * by its id (the bundled model's id is a hash of its weights; its location is {@code demo}).
     */
    public static String displayName(org.errata.correction.trace.ModelRef ref) {
        return displayName(ref.location() != null ? ref.location() : ref.id());
    }

    /** A model as an audience reads it: a folder's or URL's last part, without a weights hash. */
    public static String displayName(String modelId) {
        String id = modelId;
        int hash = id.lastIndexOf('#');
        if (hash >= 0 && hash < id.length() - 1) return id.substring(hash + 1);
        int scheme = id.indexOf("://");
        if (scheme > 0) return id.substring(scheme + 3).split("/", 2)[0]; // a server without a model name: its host
        int at = id.indexOf('@');
        if (at > 0) id = id.substring(0, at);
        String trimmed = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 && slash < trimmed.length() - 1 ? trimmed.substring(slash + 1) : trimmed;
    }

    private static List<String> steps(Trace t, Attempt a) {
        List<Step> stored = t.nodes(Step.class).filter(s -> a.id().equals(s.parent())).toList();
        if (!stored.isEmpty()) {
            String seg = stored.get(0).segmenter();
            return stored.stream().filter(s -> s.segmenter().equals(seg)).sorted(Comparator.comparingInt(Step::index))
                    .map(s -> s.text(a.text())).toList();
        }
        List<String> out = Segmenters.byId(Segmenters.PARAGRAPH).segment(a.text()).stream().map(s -> s.text(a.text())).toList();
        return out.isEmpty() ? List.of(a.text()) : out;
    }

    /** Steps of {@code a} located as its first error by a verifier, an error location or a person. */
    private static Set<Integer> firstErrors(Trace t, Attempt a) {
        Set<Integer> out = new HashSet<>();
        Set<NodeId> verifications = new HashSet<>();
        for (Verification v : t.nodes(Verification.class).filter(v -> a.id().equals(v.parent())).toList()) {
            verifications.add(v.id());
            if (v.predictedFirstError() != null && v.predictedFirstError() >= 0) out.add(v.predictedFirstError());
        }
        t.nodes(ErrorLocation.class).filter(e -> verifications.contains(e.parent())).forEach(e -> out.add(e.stepIndex()));
        t.nodes(HumanLabel.class).filter(h -> a.id().equals(h.parent()) && h.firstErrorStep() >= 0)
                .forEach(h -> out.add(h.firstErrorStep()));
        return out;
    }
}
