package org.errata.app.gui.inspector;

import java.util.Locale;
import java.util.stream.Collectors;
import org.errata.runtime.api.TokenLogprob;

/** Colours tokens by probability: five buckets from sure (0) to unsure (4). */
public final class Heat {
    private Heat() {}

    public static final int BUCKETS = 5;
    private static final double[] UPPER_PROB = {0.9, 0.7, 0.4, 0.15};

    /** Bucket of a token: 0 when p &gt; 0.9, ..., 4 when p &lt;= 0.15. */
    public static int bucket(double logprob) {
        double p = Math.exp(logprob);
        for (int b = 0; b < UPPER_PROB.length; b++) if (p > UPPER_PROB[b]) return b;
        return BUCKETS - 1;
    }

    public static String styleClass(double logprob) {
        return "heat-" + bucket(logprob);
    }

    /** Tooltip text: the token's probability, then its top alternatives. */
    public static String describe(TokenLogprob t) {
        String head = String.format(Locale.ROOT, "%s  p=%.3f", visible(t.token()), Math.exp(t.logprob()));
        if (t.top().isEmpty()) return head;
        return head + "\n" + t.top().stream()
                .map(a -> String.format(Locale.ROOT, "  %-12s %.3f", visible(a.token()), Math.exp(a.logprob())))
                .collect(Collectors.joining("\n"));
    }

    static String visible(String token) {
        return "'" + token.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
