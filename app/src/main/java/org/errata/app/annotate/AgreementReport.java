package org.errata.app.annotate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.errata.correction.metrics.Agreement;
import org.errata.correction.metrics.FirstErrorQuality;
import org.errata.correction.parse.AttemptSteps;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * Agreement between annotators on first-error labels of a run (METHODS.md C), from stored labels:
 * per pair Cohen's κ on the index and on "has an error", exact-match rate and mean |Δk| among items
 * both flag; over all annotators Fleiss' κ (items every annotator labelled) and Krippendorff's α
 * (nominal, and interval with −1 recoded to "after the last step"); the adjudication queue,
 * most disagreement first; each annotator's accuracy on gold items; and the model's verifier
 * scored against the human reference (ProcessBench F1, signed error for early/late bias).
 * An item is one attempt under one segmenter; only complete labels count; gold annotators'
 * labels are the reference for gold items and take no part in agreement.
 *
 * <p>The rater matrix puts every human annotator, the human reference and every machine
 * verifier role of the run (self, critic, teacher, PRM) side by side: Cohen's κ on first-error
 * step labels for each pair, over the items both rated. The human reference of an item is its
 * gold label, else the annotators' {@linkplain #consensus consensus}. A machine role's label is
 * the step its last usable verification of the attempt located ({@link #predicted}); a verdict
 * that names no step gives no label for κ, and counts as a miss in that role's ProcessBench F1
 * against the reference ({@link #byRole}). Machine roles are compared with each other on every
 * attempt both judged, labelled or not.
 */
public record AgreementReport(
        int items,
        List<String> annotators,
        List<Pair> pairs,
        int fleissItems,
        @Nullable Double fleissKappa,
        @Nullable Double alphaNominal,
        @Nullable Double alphaInterval,
        List<Disagreement> adjudication,
        List<GoldAccuracy> gold,
        FirstErrorQuality verifier,
        List<Rater> raters,
        List<Cell> matrix,
        List<RoleQuality> byRole) {

    public AgreementReport {
        annotators = List.copyOf(annotators);
        pairs = List.copyOf(pairs);
        adjudication = List.copyOf(adjudication);
        gold = List.copyOf(gold);
        raters = List.copyOf(raters);
        matrix = List.copyOf(matrix);
        byRole = List.copyOf(byRole);
    }

    public record Pair(String a, String b, Agreement.PairReport report) {}

    /** A row and column of the rater matrix. */
    public sealed interface Rater permits Human, Reference, Machine {
        String name();
    }

    /** One human annotator (gold annotators are the reference, not raters). */
    public record Human(String name) implements Rater {}

    /** The human reference: gold where given, else the annotators' consensus. */
    public record Reference() implements Rater {
        @Override public String name() { return "human consensus"; }
    }

    /** Every verification of one machine verifier role. */
    public record Machine(VerifierRole role) implements Rater {
        @Override public String name() { return role.wireName(); }
    }

    /** Cohen's κ of two raters over the {@code items} both labelled (null: undefined, e.g. no variation). */
    public record Cell(Rater a, Rater b, int items, @Nullable Double kappa) {}

    /**
     * A machine role's located first errors against the human reference (ProcessBench), over the
     * labelled items it judged: {@code erroneous} with a reference step, {@code correct} with −1.
     */
    public record RoleQuality(VerifierRole role, FirstErrorQuality quality, int erroneous, int correct) {}

    /** An item the annotators disagree on: {@code spread} is the largest |Δk| (−1 recoded to the step count). */
    public record Disagreement(ProblemId problem, NodeId attempt, String segmenter, int steps,
                               Map<String, Integer> labels, int spread, int distinct) {}

    public record GoldAccuracy(String annotator, int items, int exact, @Nullable Double accuracy) {}

    private record Key(ProblemId problem, NodeId attempt, String segmenter) {}

    private record Item(Key key, int steps, Map<String, Integer> labels, @Nullable Integer gold,
                        @Nullable Integer predicted, Map<VerifierRole, Judged> machines) {}

    /** A role judged the attempt; {@code step} is the first error it located (−1: none), null when it named none. */
    private record Judged(@Nullable Integer step) {}

    public static AgreementReport of(List<Trace> traces, Set<String> goldAnnotators) {
        List<Item> items = items(traces, goldAnnotators);
        TreeSet<String> names = new TreeSet<>();
        for (Item i : items) names.addAll(i.labels().keySet());
        List<String> annotators = List.copyOf(names);

        List<Pair> pairs = new ArrayList<>();
        for (int x = 0; x < annotators.size(); x++) {
            for (int y = x + 1; y < annotators.size(); y++) {
                String a = annotators.get(x), b = annotators.get(y);
                List<Integer> la = new ArrayList<>(), lb = new ArrayList<>();
                for (Item i : items) {
                    Integer va = i.labels().get(a), vb = i.labels().get(b);
                    if (va != null && vb != null) {
                        la.add(va);
                        lb.add(vb);
                    }
                }
                pairs.add(new Pair(a, b, Agreement.pair(la, lb)));
            }
        }

        List<List<Integer>> full = new ArrayList<>();
        List<List<@Nullable Integer>> units = new ArrayList<>();
        List<Integer> stepCounts = new ArrayList<>();
        for (Item i : items) {
            if (annotators.size() >= 2 && i.labels().size() == annotators.size()) {
                full.add(annotators.stream().map(i.labels()::get).toList());
            }
            List<@Nullable Integer> u = new ArrayList<>();
            for (String a : annotators) u.add(i.labels().get(a));
            units.add(u);
            stepCounts.add(i.steps());
        }
        Double fleiss = full.isEmpty() ? null : Agreement.fleissKappa(full);
        Double nominal = Agreement.firstErrorAlpha(units, stepCounts, Agreement.Metric.NOMINAL);
        Double interval = Agreement.firstErrorAlpha(units, stepCounts, Agreement.Metric.INTERVAL);

        List<Disagreement> adjudication = new ArrayList<>();
        for (Item i : items) {
            if (i.labels().size() < 2) continue;
            Set<Integer> distinct = new TreeSet<>(i.labels().values());
            if (distinct.size() < 2) continue;
            int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
            for (int v : i.labels().values()) {
                int r = v < 0 ? i.steps() : v;
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
            adjudication.add(new Disagreement(i.key().problem(), i.key().attempt(), i.key().segmenter(), i.steps(),
                    new TreeMap<>(i.labels()), hi - lo, distinct.size()));
        }
        adjudication.sort(Comparator.comparingInt(Disagreement::spread).reversed()
                .thenComparing(Comparator.comparingInt(Disagreement::distinct).reversed()));

        List<GoldAccuracy> gold = new ArrayList<>();
        for (String a : annotators) {
            int n = 0, exact = 0;
            for (Item i : items) {
                Integer v = i.labels().get(a);
                if (i.gold() == null || v == null) continue;
                n++;
                if (v.equals(i.gold())) exact++;
            }
            if (n > 0) gold.add(new GoldAccuracy(a, n, exact, (double) exact / n));
        }

        List<FirstErrorQuality.Item> scored = new ArrayList<>();
        for (Item i : items) {
            Integer ref = i.gold() != null ? i.gold() : consensus(i.labels());
            if (ref != null && i.predicted() != null) scored.add(new FirstErrorQuality.Item(i.predicted(), ref));
        }
        Set<VerifierRole> roles = java.util.EnumSet.noneOf(VerifierRole.class);
        List<Map<VerifierRole, Judged>> unlabelled = unlabelledJudgements(traces, items);
        for (Item i : items) roles.addAll(i.machines().keySet());
        for (var m : unlabelled) roles.addAll(m.keySet());

        List<Rater> raters = new ArrayList<>();
        for (String a : annotators) raters.add(new Human(a));
        boolean anyReference = items.stream().anyMatch(i -> reference(i) != null);
        if (anyReference) raters.add(new Reference());
        for (VerifierRole role : roles) raters.add(new Machine(role));

        List<Map<Rater, Integer>> rated = new ArrayList<>();
        for (Item i : items) rated.add(rated(i.labels(), reference(i), i.machines()));
        for (var m : unlabelled) rated.add(rated(Map.of(), null, m));
        List<Cell> matrix = new ArrayList<>();
        for (int x = 0; x < raters.size(); x++) {
            for (int y = x + 1; y < raters.size(); y++) {
                Rater a = raters.get(x), b = raters.get(y);
                List<Integer> la = new ArrayList<>(), lb = new ArrayList<>();
                for (Map<Rater, Integer> r : rated) {
                    Integer va = r.get(a), vb = r.get(b);
                    if (va != null && vb != null) {
                        la.add(va);
                        lb.add(vb);
                    }
                }
                matrix.add(new Cell(a, b, la.size(), Agreement.cohenKappa(la, lb)));
            }
        }

        List<RoleQuality> byRole = new ArrayList<>();
        for (VerifierRole role : roles) {
            List<FirstErrorQuality.Item> judged = new ArrayList<>();
            for (Item i : items) {
                Integer ref = reference(i);
                Judged j = i.machines().get(role);
                if (ref != null && j != null) judged.add(new FirstErrorQuality.Item(j.step(), ref));
            }
            int erroneous = (int) judged.stream().filter(j -> j.reference() >= 0).count();
            byRole.add(new RoleQuality(role, FirstErrorQuality.processBench(judged), erroneous, judged.size() - erroneous));
        }
        return new AgreementReport(items.size(), annotators, pairs, full.size(), fleiss, nominal, interval,
                adjudication, gold, FirstErrorQuality.processBench(scored), raters, matrix, byRole);
    }

    /** κ of two raters, or null when they share no item (or κ is undefined). */
    public @Nullable Cell cell(Rater a, Rater b) {
        for (Cell c : matrix) {
            if (c.a().equals(a) && c.b().equals(b) || c.a().equals(b) && c.b().equals(a)) return c;
        }
        return null;
    }

    /** The ProcessBench figures of one machine role present in the run. */
    public java.util.Optional<RoleQuality> role(VerifierRole role) {
        return byRole.stream().filter(q -> q.role() == role).findFirst();
    }

    private static @Nullable Integer reference(Item i) {
        return i.gold() != null ? i.gold() : consensus(i.labels());
    }

    private static Map<Rater, Integer> rated(Map<String, Integer> labels, @Nullable Integer reference,
                                             Map<VerifierRole, Judged> machines) {
        Map<Rater, Integer> r = new LinkedHashMap<>();
        labels.forEach((a, v) -> r.put(new Human(a), v));
        if (reference != null) r.put(new Reference(), reference);
        machines.forEach((role, j) -> {
            if (j.step() != null) r.put(new Machine(role), j.step());
        });
        return r;
    }

    /** Machine judgements of attempts no item covers: they count only between machine roles. */
    private static List<Map<VerifierRole, Judged>> unlabelledJudgements(List<Trace> traces, List<Item> items) {
        Set<NodeId> labelled = new java.util.HashSet<>();
        for (Item i : items) labelled.add(i.key().attempt());
        List<Map<VerifierRole, Judged>> out = new ArrayList<>();
        for (Trace t : traces) {
            for (Attempt a : t.attempts()) {
                if (labelled.contains(a.id())) continue;
                Map<VerifierRole, Judged> m = machines(t, a);
                if (!m.isEmpty()) out.add(m);
            }
        }
        return out;
    }

    /** Each non-oracle role that judged the attempt, with the step its last usable verification located. */
    private static Map<VerifierRole, Judged> machines(Trace t, Attempt a) {
        Map<VerifierRole, Judged> out = new java.util.EnumMap<>(VerifierRole.class);
        for (VerifierRole role : VerifierRole.values()) {
            if (role == VerifierRole.ORACLE) continue;
            if (usable(t, a, role).isEmpty()) continue;
            out.put(role, new Judged(predicted(t, a, role)));
        }
        return out;
    }

    /** The most common label; a tie goes to the earliest step (−1 last). Null without labels. */
    static @Nullable Integer consensus(Map<String, Integer> labels) {
        Map<Integer, Integer> counts = new TreeMap<>(Comparator.comparingInt(v -> v < 0 ? Integer.MAX_VALUE : v));
        for (int v : labels.values()) counts.merge(v, 1, Integer::sum);
        Integer best = null;
        int bestCount = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    private static List<Item> items(List<Trace> traces, Set<String> goldAnnotators) {
        Map<Key, Item> out = new LinkedHashMap<>();
        for (Trace t : traces) {
            for (HumanLabel h : t.nodes(HumanLabel.class).sorted(Comparator.comparing(HumanLabel::createdAt)).toList()) {
                if (!(t.node(h.parent()).orElse(null) instanceof Attempt a)) continue;
                Key key = new Key(t.problem(), a.id(), h.segmenter());
                int steps = stepCount(t, a, h.segmenter());
                if (!LabelDraft.complete(h, steps)) continue;
                Item item = out.computeIfAbsent(key, k -> new Item(k, steps, new TreeMap<>(), null, predicted(t, a, null),
                        machines(t, a)));
                if (goldAnnotators.contains(h.annotator())) {
                    item = new Item(key, steps, item.labels(), h.firstErrorStep(), item.predicted(), item.machines());
                    out.put(key, item);
                } else {
                    item.labels().put(h.annotator(), h.firstErrorStep());
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static int stepCount(Trace t, Attempt a, String segmenter) {
        long stored = t.nodes(Step.class).filter(s -> a.id().equals(s.parent()) && s.segmenter().equals(segmenter)).count();
        if (stored > 0) return (int) stored;
        try {
            return AttemptSteps.texts(t, a, segmenter).size();
        } catch (IllegalArgumentException unknownSegmenter) {
            return Math.max(1, a.text().split("\n\n").length);
        }
    }

    /**
     * The model's located first error for an attempt: its last non-oracle verification's
     * predicted step, else that verification's error location, else −1 when it said correct.
     * With a role, only that role's verifications count.
     */
    static @Nullable Integer predicted(Trace t, Attempt a, @Nullable VerifierRole role) {
        List<Verification> vs = usable(t, a, role);
        if (vs.isEmpty()) return null;
        Verification v = vs.get(vs.size() - 1);
        if (v.predictedFirstError() != null) return v.predictedFirstError();
        var loc = t.nodes(ErrorLocation.class).filter(e -> v.id().equals(e.parent())).findFirst();
        if (loc.isPresent()) return loc.get().stepIndex();
        return v.verdict() == Verdict.CORRECT ? -1 : null;
    }

    /** The attempt's usable non-oracle verifications (of {@code role} when given), in emission order. */
    private static List<Verification> usable(Trace t, Attempt a, @Nullable VerifierRole role) {
        return t.nodes(Verification.class)
                .filter(v -> a.id().equals(v.parent()) && v.role() != VerifierRole.ORACLE
                        && (role == null || v.role() == role)
                        && (v.status() == NodeStatus.OK || v.status() == NodeStatus.TRUNCATED))
                .sorted(Comparator.comparingInt(Verification::seq)).toList();
    }

    /** Early or late bias of the verifier's located errors, from the mean signed error. */
    public String verifierBias() {
        Double s = verifier.signedErrorMean();
        if (s == null) return "n/a";
        return s < 0 ? "early" : s > 0 ? "late" : "none";
    }
}
