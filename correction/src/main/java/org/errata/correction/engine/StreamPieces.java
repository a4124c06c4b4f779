package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Copying;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * Single-pass streams (SPOC, S²R): one generation holding solution, verification, solution...
 * cut into pieces after the fact and emitted as the same nodes a turn-by-turn run makes.
 */
final class StreamPieces {

    private StreamPieces() {}

    /** A solution or verification: {@code [start, end)} of the stream. */
    record Piece(boolean verification, int start, int end) {}

    /** What emitting the pieces left: the last verification's verdict and the number of attempts. */
    record Emitted(@Nullable Verdict lastVerdict, int attempts) {}

    private static final String BOXED = "\\boxed{";

    /** The end (exclusive) of the first balanced {@code \boxed{...}} in {@code text[from, to)}, or -1. */
    static int boxEnd(CharSequence text, int from, int to) {
        String s = text.subSequence(0, to).toString();
        int at = s.indexOf(BOXED, from);
        return at < 0 ? -1 : closing(s, at + BOXED.length());
    }

    /** The end of the last balanced box in {@code text[from, to)}, or -1. */
    static int lastBoxEnd(String text, int from, int to) {
        String s = text.substring(0, to);
        int at = s.lastIndexOf(BOXED);
        while (at >= from) {
            int end = closing(s, at + BOXED.length());
            if (end >= 0) return end;
            at = at == 0 ? -1 : s.lastIndexOf(BOXED, at - 1);
        }
        return -1;
    }

    private static int closing(String s, int open) {
        int depth = 1;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i + 1;
        }
        return -1;
    }

    /**
     * {@code at} moved over what closes the sentence of a box ({@code \\boxed{5}.}, {@code $\\boxed{5}$.}):
     * the rest of its line when that is only punctuation, so the full stop stays with the solution.
     */
    static int sentenceEnd(String text, int at, int limit) {
        int end = at;
        while (end < limit && ".,;:!)]}$*".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        int lineEnd = end;
        while (lineEnd < limit && (text.charAt(lineEnd) == ' ' || text.charAt(lineEnd) == '\t')) {
            lineEnd++;
        }
        return lineEnd == limit || text.charAt(lineEnd) == '\n' || text.charAt(lineEnd) == '\r' ? end : at;
    }

    /** Whether a verdict-line match is complete while streaming: a word, and something after it. */
    static boolean completeVerdict(Matcher m, CharSequence text) {
        return !m.group("verdict").isEmpty() && m.end() < text.length();
    }

    /**
     * SPOC: each verdict line ends a verification; the verification begins after the last
     * balanced box before it (else at its last blank line, else at the verdict line itself).
     */
    static List<Piece> spoc(String text, Pattern verdictLine) {
        List<Piece> out = new ArrayList<>();
        Matcher m = verdictLine.matcher(text);
        int pos = 0;
        while (m.find()) {
            int lineStart = text.lastIndexOf('\n', m.start() - 1) + 1;
            int vStart = lastBoxEnd(text, pos, m.start());
            if (vStart >= 0) {
                vStart = sentenceEnd(text, vStart, m.start());
            }
            if (vStart < 0) {
                int blank = text.lastIndexOf("\n\n", m.start());
                vStart = blank > pos ? blank : Math.max(pos, lineStart);
            }
            out.add(new Piece(false, pos, vStart));
            out.add(new Piece(true, vStart, m.end()));
            pos = m.end();
        }
        if (!text.substring(pos).isBlank()) out.add(new Piece(false, pos, text.length()));
        return out;
    }

    /**
     * Emits the pieces: attempt (parent: the previous verification), its verification (parent:
     * the attempt), and so on. The call's cost is shared out over the pieces ({@link #share}); the
     * sample's status goes on the last piece. Attempt prompts are the call's prompt plus the stream
     * before the piece.
     */
    static Emitted emit(ProblemSession session, NodeId firstId, Generation g, Sample s, List<Piece> pieces,
                        AttemptRole role, VerdictParser parser) {
        String text = s.text();
        if (pieces.isEmpty()) pieces = List.of(new Piece(false, 0, text.length()));
        List<CallStats> costs = share(s.stats(), text, pieces, s.logprobs());
        List<List<TokenLogprob>> tokens = tokensByPiece(text, pieces, s.logprobs());
        NodeId parent = null;
        Attempt attempt = null;
        Verdict last = null;
        int turn = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            boolean lastPiece = i == pieces.size() - 1;
            NodeStatus status = lastPiece ? s.status() : NodeStatus.OK;
            String error = lastPiece ? s.error() : null;
            String prompt = g.prompt() + text.substring(0, p.start());
            String body = text.substring(p.start(), p.end()).strip();
            int from = p.start() + CopiedSpans.leading(text.substring(p.start(), p.end()));
            CallStats cost = CopiedSpans.forNode(costs.get(i), s.stats(), g.prompt().length(), p.start(), from,
                    from + body.length());
            if (!p.verification()) {
                turn++;
                NodeId id = turn == 1 ? firstId : session.newNode();
                attempt = session.attempt(id, parent, turn, role, g.model(), prompt, body, cost, status, error,
                        tokens.get(i));
                last = null;
            } else if (attempt != null) {
                Verification v = session.verification(session.newNode(), attempt.id(), VerifierRole.SELF, g.model(),
                        prompt, body, parser.parse(body), null, 1, cost, status, error);
                session.locateNamedError(v);
                parent = v.id();
                last = v.verdict();
            }
        }
        return new Emitted(last, turn);
    }

    /**
     * One stream's cost shared out over its pieces, so that each attempt and verification of a single
     * pass shows what it cost: the prompt (and its cached part) belongs to the first piece; generated
     * tokens are counted per piece exactly where the stream's tokens are known (their texts rebuild the
     * stream), else shared by characters; latency is shared like the tokens. The shares add up to the
     * call's totals.
     */
    static List<CallStats> share(CallStats total, String text, List<Piece> pieces, List<TokenLogprob> tokens) {
        int n = pieces.size();
        long[] weight = new long[n];
        boolean exact = !tokens.isEmpty() && rebuilds(tokens, text);
        if (exact) {
            List<List<TokenLogprob>> byPiece = tokensByPiece(text, pieces, tokens);
            for (int i = 0; i < n; i++) weight[i] = byPiece.get(i).size();
        } else {
            for (int i = 0; i < n; i++) weight[i] = Math.max(0, pieces.get(i).end() - pieces.get(i).start());
        }
        long[] out = exact && sum(weight) == total.tokensOut() ? weight : apportion(total.tokensOut(), weight);
        long[] ms = apportion(total.latencyMs(), out);
        long[] decode = apportion(total.decodeMs(), out);
        List<CallStats> costs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // the copy counts stay whole on the first piece; each piece gets its own copied spans later
            costs.add(new CallStats(i == 0 ? total.tokensIn() : 0, i == 0 ? total.cachedTokensIn() : 0, (int) out[i], ms[i],
                    decode[i], i == 0 ? total.copying().withSpans(List.of()) : Copying.NONE));
        }
        return costs;
    }

    /**
     * The stream's token log-probabilities by piece (a token belongs to the piece its first character
     * is in), so that each attempt of a single pass has its own heatmap; tokens past the text's end
     * (a stream cut after its last verdict) belong to none; none at all where the tokens do not
     * spell the stream's text.
     */
    static List<List<TokenLogprob>> tokensByPiece(String text, List<Piece> pieces, List<TokenLogprob> tokens) {
        List<List<TokenLogprob>> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) out.add(new ArrayList<>());
        if (tokens.isEmpty() || !covers(tokens, text)) return out;
        int offset = 0;
        int piece = 0;
        for (TokenLogprob t : tokens) {
            if (offset >= text.length()) break;
            while (piece < pieces.size() - 1 && offset >= pieces.get(piece).end()) piece++;
            out.get(piece).add(t);
            offset += t.token().length();
        }
        return out;
    }

    /** Whether the tokens spell {@code text}, perhaps with more after it. */
    private static boolean covers(List<TokenLogprob> tokens, String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (TokenLogprob t : tokens) {
            if (b.length() >= text.length()) break;
            b.append(t.token());
        }
        return b.length() >= text.length() && b.indexOf(text) == 0;
    }

    private static boolean rebuilds(List<TokenLogprob> tokens, String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (TokenLogprob t : tokens) b.append(t.token());
        return b.toString().equals(text);
    }

    private static long sum(long[] xs) {
        long s = 0;
        for (long x : xs) s += x;
        return s;
    }

    /** {@code total} split in proportion to {@code weights} by largest remainder, so the parts add up exactly. */
    static long[] apportion(long total, long[] weights) {
        long[] parts = new long[weights.length];
        long w = sum(weights);
        if (weights.length == 0) return parts;
        if (w == 0) {
            parts[0] = total;
            return parts;
        }
        double[] rest = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = (double) total * weights[i] / w;
            parts[i] = (long) Math.floor(exact);
            rest[i] = exact - parts[i];
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < rest.length; i++) if (rest[i] > rest[best]) best = i;
            parts[best]++;
            rest[best] = -1;
        }
        return parts;
    }
}
