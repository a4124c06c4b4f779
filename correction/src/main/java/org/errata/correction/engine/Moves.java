package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Prompt;
import org.jspecify.annotations.Nullable;

/** The moves most strategies are made of: one attempt call, one verifier call, N candidates. */
final class Moves {

    private Moves() {}

    static final String SOLVE = "solve.user";
    static final String VERIFY = "verify.self";

    static Prompt user(String text) {
        return Prompt.chat(ChatMessage.user(text));
    }

    /** The plain solve prompt for this problem. */
    static Prompt solvePrompt(ProblemSession session) {
        return user(session.render(SOLVE, Map.of("problem", session.problem().text())));
    }

    /** One attempt call, emitted, and halting if the call failed or a budget ran out. */
    static Attempt attempt(ProblemSession session, ModelRole who, Prompt prompt, @Nullable NodeId parent, int turn,
                           AttemptRole role) {
        NodeId id = session.newNode();
        Generation g = session.generate(CallSpec.of(who, prompt, id, parent, "attempt", role.wireName() + " " + turn));
        Sample s = g.first();
        Attempt a = session.attempt(id, parent, turn, role, g, s);
        session.check(s);
        return a;
    }

    /** One verifier call on {@code target}, emitted, halting on failure. */
    static Verification verify(ProblemSession session, ModelRole who, Prompt prompt, NodeId target, VerifierRole role,
                               int iteration, VerdictParser parser, int topLogprobs) {
        NodeId id = session.newNode();
        Generation g = session.generate(CallSpec.of(who, prompt, id, target, "verification",
                role.wireName() + " check").withTopLogprobs(topLogprobs));
        Sample s = g.first();
        Verification v = session.verification(id, target, role, iteration, parser, g, s);
        session.check(s);
        return v;
    }

    /** N candidates from one call (n = N), each a root attempt; halts only if all failed. */
    static List<Attempt> candidates(ProblemSession session, int n) {
        List<NodeId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(session.newNode());
        Generation g = session.generate(new CallSpec(ModelRole.STUDENT, solvePrompt(session), ids, null, "attempt",
                "candidate", null, -1, 0, null));
        List<Attempt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(session.attempt(ids.get(i), null, 1, AttemptRole.CANDIDATE, g, g.samples().get(i)));
        }
        session.checkAll(g.samples());
        return out.stream().filter(a -> a.status() != NodeStatus.FAILED).toList();
    }

    /**
     * Self-verification of one candidate: its score is p(yes) when the backend gave
     * log-probabilities, else 1 / 0 / 0.5 for a correct / incorrect / unparsed verdict, and 0
     * when the verifier call failed (a failed check does not stop the vote).
     */
    static double selfScore(ProblemSession session, Attempt candidate) {
        NodeId id = session.newNode();
        Prompt p = user(session.render(VERIFY, Map.of("problem", session.problem().text(), "attempt", candidate.text())));
        Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, p, id, candidate.id(), "verification",
                "self check").withTopLogprobs(5));
        Sample s = g.first();
        Verification v = session.verification(id, candidate.id(), VerifierRole.SELF, 1, session.verdictParser(), g, s);
        if (s.status() == NodeStatus.FAILED) return 0;
        session.check(s);
        if (v.pYes() != null) return v.pYes();
        return switch (v.verdict()) {
            case CORRECT -> 1;
            case INCORRECT -> 0;
            case UNPARSED -> 0.5;
        };
    }

    /** The text of the last {@code <tag>...</tag>} element, or empty. */
    static String tag(String text, String tag) {
        Matcher m = Pattern.compile("(?s)<" + tag + ">(.*?)</" + tag + ">").matcher(text);
        String found = "";
        while (m.find()) found = m.group(1).strip();
        return found;
    }
}
