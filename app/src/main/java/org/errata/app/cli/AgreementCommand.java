package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.app.annotate.AgreementReport;
import org.errata.correction.metrics.FirstErrorQuality;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code errata agreement}: inter-annotator agreement, adjudication queue, gold accuracy, verifier vs humans. */
@Command(name = "agreement", description = "Prints agreement between the annotators of a run's first-error labels (Cohen's/Fleiss' kappa, Krippendorff's alpha), the adjudication queue, accuracy on gold items and the verifier scored against the humans.")
public final class AgreementCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID") String run;
    @Option(names = "--gold", paramLabel = "ANNOTATOR", split = ",", defaultValue = "gold",
            description = "Annotators whose labels are gold (default: ${DEFAULT-VALUE}).")
    List<String> gold;
    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Items of the adjudication queue to list (default: ${DEFAULT-VALUE}).")
    int top;
    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AgreementReport r;
        try (Database db = Database.open(main.database())) {
            TraceStore store = new TraceStore(db);
            RunId id = new RunId(run);
            if (store.run(id).isEmpty()) throw new IllegalArgumentException("no run " + run);
            r = AgreementReport.of(store.traces(id), Set.copyOf(gold));
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(r, top)));
        } else {
            print(out, r);
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> toJson(AgreementReport r, int top) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("items", r.items());
        o.put("annotators", r.annotators());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (AgreementReport.Pair p : r.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", p.a());
            m.put("b", p.b());
            m.put("items", p.report().items());
            m.put("cohen_kappa", p.report().cohenKappa());
            m.put("has_error_kappa", p.report().hasErrorKappa());
            m.put("both_flag", p.report().bothFlag());
            m.put("exact_match_when_both_flag", p.report().exactMatchWhenBothFlag());
            m.put("mean_abs_delta_when_both_flag", p.report().meanAbsDeltaWhenBothFlag());
            pairs.add(m);
        }
        o.put("pairs", pairs);
        o.put("fleiss_items", r.fleissItems());
        o.put("fleiss_kappa", r.fleissKappa());
        o.put("alpha_nominal", r.alphaNominal());
        o.put("alpha_interval", r.alphaInterval());
        List<Map<String, Object>> adj = new ArrayList<>();
        for (AgreementReport.Disagreement d : r.adjudication().subList(0, Math.min(top, r.adjudication().size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("problem", d.problem().value());
            m.put("attempt", d.attempt().value());
            m.put("segmenter", d.segmenter());
            m.put("steps", d.steps());
            m.put("labels", d.labels());
            m.put("spread", d.spread());
            adj.add(m);
        }
        o.put("adjudication", adj);
        o.put("adjudication_total", r.adjudication().size());
        List<Map<String, Object>> gold = new ArrayList<>();
        for (AgreementReport.GoldAccuracy g : r.gold()) {
            gold.add(Map.of("annotator", g.annotator(), "items", g.items(), "exact", g.exact(),
                    "accuracy", g.accuracy() == null ? "" : g.accuracy()));
        }
        o.put("gold", gold);
        FirstErrorQuality v = r.verifier();
        Map<String, Object> ver = new LinkedHashMap<>();
        ver.put("items", v.processBenchItems());
        ver.put("acc_error", v.accErr());
        ver.put("acc_correct", v.accCor());
        ver.put("f1", v.f1());
        ver.put("within1", v.within1());
        ver.put("signed_error_mean", v.signedErrorMean());
        ver.put("bias", r.verifierBias());
        o.put("verifier_vs_human", ver);
        List<Map<String, Object>> roles = new ArrayList<>();
        for (AgreementReport.RoleQuality q : r.byRole()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", q.role().wireName());
            m.put("erroneous", q.erroneous());
            m.put("correct", q.correct());
            m.put("acc_error", q.quality().accErr());
            m.put("acc_correct", q.quality().accCor());
            m.put("f1", q.quality().f1());
            roles.add(m);
        }
        o.put("verifier_by_role", roles);
        List<Map<String, Object>> matrix = new ArrayList<>();
        for (AgreementReport.Cell c : r.matrix()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", c.a().name());
            m.put("b", c.b().name());
            m.put("items", c.items());
            m.put("cohen_kappa", c.kappa());
            matrix.add(m);
        }
        o.put("rater_kappa", matrix);
        return o;
    }

    private void print(PrintWriter out, AgreementReport r) {
        out.printf(Locale.ROOT, "%d labelled items, annotators: %s%n%n", r.items(),
                r.annotators().isEmpty() ? "(none)" : String.join(", ", r.annotators()));
        if (!r.pairs().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (AgreementReport.Pair p : r.pairs()) {
                rows.add(List.of(p.a() + " / " + p.b(), Integer.toString(p.report().items()), f(p.report().cohenKappa()),
                        f(p.report().hasErrorKappa()), Integer.toString(p.report().bothFlag()),
                        f(p.report().exactMatchWhenBothFlag()), f(p.report().meanAbsDeltaWhenBothFlag())));
            }
            Tables.print(out, List.of("PAIR", "ITEMS", "KAPPA", "KAPPA_HAS_ERROR", "BOTH_FLAG", "EXACT", "MEAN_|DK|"), rows);
            out.println();
        }
        out.printf(Locale.ROOT, "Fleiss' kappa (%d items every annotator labelled): %s%n", r.fleissItems(), f(r.fleissKappa()));
        out.printf(Locale.ROOT, "Krippendorff's alpha: nominal %s, interval %s%n%n", f(r.alphaNominal()), f(r.alphaInterval()));
        out.printf(Locale.ROOT, "Adjudication queue: %d items%n", r.adjudication().size());
        for (AgreementReport.Disagreement d : r.adjudication().subList(0, Math.min(top, r.adjudication().size()))) {
            out.printf(Locale.ROOT, "  %s  attempt %s  spread %d  %s%n", d.problem(), d.attempt().value().substring(0, Math.min(8, d.attempt().value().length())),
                    d.spread(), d.labels());
        }
        out.println();
        if (r.gold().isEmpty()) {
            out.println("Gold items: none labelled");
        } else {
            for (AgreementReport.GoldAccuracy g : r.gold()) {
                out.printf(Locale.ROOT, "Gold accuracy %s: %d/%d = %s%n", g.annotator(), g.exact(), g.items(), f(g.accuracy()));
            }
        }
        FirstErrorQuality v = r.verifier();
        out.printf(Locale.ROOT, "%nVerifier vs humans (%d items): acc_error %s, acc_correct %s, F1 %s, within 1 %s, signed error %s (%s)%n",
                v.processBenchItems(), f(v.accErr()), f(v.accCor()), f(v.f1()), f(v.within1()), f(v.signedErrorMean()),
                r.verifierBias());
        for (AgreementReport.RoleQuality q : r.byRole()) {
            out.printf(Locale.ROOT, "  %s (%d erroneous, %d correct items): acc_error %s, acc_correct %s, F1 %s%n",
                    q.role().wireName(), q.erroneous(), q.correct(), f(q.quality().accErr()), f(q.quality().accCor()),
                    f(q.quality().f1()));
        }
    }

    private static String f(@Nullable Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }
}
