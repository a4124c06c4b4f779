package org.errata.app.services.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/** Builds a trace node by node with deterministic ids, segmenting attempts into lines. */
public final class TraceBuilder {
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+|\\s+");

    private final RunId run;
    private final ProblemId problem;
    private final String model;
    private final List<TraceNode> nodes = new ArrayList<>();
    private int seq;

    public TraceBuilder(RunId run, ProblemId problem, String model) {
        this.run = run;
        this.problem = problem;
        this.model = model;
    }

    private NodeId nextId(String kind) {
        return new NodeId(problem.value() + "#" + kind + "-" + (seq + 1));
    }

    /** Adds an attempt and its line steps. With {@code logprobs}, gives every word-sized token one. */
    public Attempt attempt(@Nullable NodeId parent, int turn, String prompt, String text, @Nullable String answer,
                           @Nullable Boolean correct, boolean logprobs) {
        List<TokenLogprob> lps = logprobs ? syntheticLogprobs(text) : List.of();
        int tokensOut = countTokens(text);
        Attempt a = new Attempt(nextId("attempt"), parent, seq++, turn, AttemptRole.PROPOSER, model, prompt, text,
                answer, answer == null ? null : "boxed", correct, Map.of(),
                new CallStats(countTokens(prompt), 0, tokensOut, 40L * tokensOut), NodeStatus.OK, null, lps);
        nodes.add(a);
        int start = 0;
        int index = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            if (end > start && !text.substring(start, end).isBlank()) {
                nodes.add(new Step(nextId("step"), a.id(), seq++, index++, start, end, "line"));
            }
            start = end + 1;
        }
        return a;
    }

    public Verification verify(Attempt target, String raw, Verdict verdict, @Nullable Double pYes,
                               @Nullable Integer firstError) {
        return verify(target, VerifierRole.SELF, raw, verdict, pYes, firstError);
    }

    /** A verification of {@code target} by {@code role} (a critic, a teacher, …). */
    public Verification verify(Attempt target, VerifierRole role, String raw, Verdict verdict, @Nullable Double pYes,
                               @Nullable Integer firstError) {
        Verification v = new Verification(nextId("verification"), target.id(), seq++, role, model,
                "Check the solution above step by step. Is it correct (Yes/No)?", raw, verdict, "yes-no", pYes,
                List.of(), firstError, 1, new CallStats(countTokens(target.text()) + 40, countTokens(target.text()),
                countTokens(raw), 30L * countTokens(raw)), NodeStatus.OK, null);
        nodes.add(v);
        return v;
    }

    public ErrorLocation locate(Verification v, int step, String analysis, String type) {
        ErrorLocation e = new ErrorLocation(nextId("error"), v.id(), seq++, step, analysis, type);
        nodes.add(e);
        return e;
    }

    public Correction correct(ErrorLocation at, String guidance, @Nullable String corrected) {
        Correction c = new Correction(nextId("correction"), at.id(), seq++, guidance, corrected, "self");
        nodes.add(c);
        return c;
    }

    public HumanLabel label(Attempt a, String annotator, int firstError, List<Integer> ratings, String type) {
        HumanLabel h = new HumanLabel(nextId("label"), a.id(), seq++, annotator, "line", firstError, ratings, type,
                4, false, null, 41_000, java.time.Instant.parse("2025-01-15T10:00:00Z"));
        nodes.add(h);
        return h;
    }

    public Trace finish(@Nullable String answer, @Nullable Boolean correct) {
        return new Trace(run, problem, TraceStatus.FINISHED, answer, correct, nodes);
    }

    static int countTokens(String text) {
        Matcher m = TOKEN.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /**
     * Plausible-looking log-probabilities for a sample text: digits and operators less sure than
     * words, so the heatmap shows contrast. These are illustrations, not model output.
     */
    static List<TokenLogprob> syntheticLogprobs(String text) {
        List<TokenLogprob> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int i = 0;
        while (m.find()) {
            String tok = m.group();
            String core = tok.strip();
            double lp;
            if (core.matches(".*\\d.*")) lp = -0.15 - 0.9 * ((i * 7) % 5) / 4.0;
            else if (core.matches("[=+\\-*/^]+")) lp = -0.4;
            else lp = -0.02 - 0.05 * (i % 3);
            List<TokenLogprob.Alternative> top = new ArrayList<>();
            top.add(new TokenLogprob.Alternative(tok, lp));
            if (core.matches("\\d+")) {
                long v = Long.parseLong(core.length() > 12 ? core.substring(0, 12) : core);
                top.add(new TokenLogprob.Alternative(tok.replace(core, Long.toString(v + 1)), lp - 1.1));
                top.add(new TokenLogprob.Alternative(tok.replace(core, Long.toString(Math.max(0, v - 10))), lp - 2.3));
            } else {
                top.add(new TokenLogprob.Alternative(" the", lp - 3.0));
                top.add(new TokenLogprob.Alternative(",", lp - 3.5));
            }
            out.add(new TokenLogprob(tok, lp, top));
            i++;
        }
        return out;
    }
}
