package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.engine.LoopOutcome.Budget;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.Prompt;

/**
 * SPOC (METHODS.md A1): one model proposes a solution ending in {@code \boxed{}}, verifies it
 * ending with the GenRM verdict line, and after "No" proposes again. Single-pass mode makes one
 * call and ends it at the first "Yes" (or after {@code maxTurns} verdicts); turn-by-turn mode
 * makes one call per solution and per verification, each prompt carrying the earlier turns as a
 * partial assistant message, and gives the same tree for the same text.
 */
public record SpocStrategy(Params params) implements Strategy {

    static final String USER = "spoc.user";

    @Override public String id() { return "spoc"; }
    @Override public org.errata.correction.training.TrainingData trainingData() { return SpocTraining.INSTANCE; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(
            StrategyParams.MAX_TURNS.withHelp("Most solutions in one SPOC stream (each followed by its verification)."),
            Knob.choice("spoc_mode", "single_pass", List.of("single_pass", "turn_by_turn"),
                    "single_pass: one call, cut at the first Yes; turn_by_turn: one call per solution and per verification."));

    /** SPOC in one call (cut at the first Yes) or one call per solution and per verification. */
    public enum SpocMode { SINGLE_PASS, TURN_BY_TURN }

    /** SPOC's knobs: {@code max_turns}, {@code spoc_mode}. */
    public record Params(int maxTurns, SpocMode spocMode) implements StrategyParams {
        public Params {
            if (maxTurns < 1) throw new IllegalArgumentException("max turns must be >= 1: " + maxTurns);
            java.util.Objects.requireNonNull(spocMode, "spocMode");
        }

        public static Params of(KnobValues v) {
            return new Params(v.integer("max_turns"), v.choice("spoc_mode", SpocMode.class));
        }

        @Override
        public java.util.Map<String, Object> values() {
            return java.util.Map.of("max_turns", maxTurns, "spoc_mode", KnobValues.wire(spocMode));
        }
    }

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public String format() { return "spoc"; }
    @Override public List<String> templates() { return List.of(USER); }
    @Override public String defaultSegmenter() { return "line"; }
    @Override public String defaultVerdictParser() { return "spoc"; }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        ChatMessage user = ChatMessage.user(session.render(USER, Map.of("problem", session.problem().text())));
        return params.spocMode() == SpocMode.SINGLE_PASS
                ? singlePass(session, user) : turnByTurn(session, user);
    }

    private LoopOutcome singlePass(ProblemSession session, ChatMessage user) {
        Pattern line = session.spocVerdictLine();
        int maxTurns = params.maxTurns();
        StreamCut cut = text -> {
            Matcher m = line.matcher(text);
            int verdicts = 0;
            while (m.find()) {
                if (!StreamPieces.completeVerdict(m, text)) return -1;
                verdicts++;
                if (session.yes(m.group("verdict")) || verdicts >= maxTurns) return m.end();
            }
            return -1;
        };
        NodeId first = session.newNode();
        Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, Prompt.chat(user), first, null, "attempt", "SPOC stream")
                .withCut(cut).withMaxTokens(session.tokensPerCall() * 2 * maxTurns));
        Sample s = g.first();
        StreamPieces.Emitted e = StreamPieces.emit(session, first, g, s, StreamPieces.spoc(s.text(), line),
                AttemptRole.PROPOSER, session.verdictParser());
        session.check(s);
        if (e.lastVerdict() == Verdict.CORRECT) return session.solved("verdict yes");
        if (s.finish() == FinishReason.LENGTH && !s.cut()) return session.exhausted(Budget.TOKENS);
        if (s.cut()) return session.exhausted(Budget.MAX_TURNS);
        return session.stopped("the model stopped");
    }

    private LoopOutcome turnByTurn(ProblemSession session, ChatMessage user) {
        Pattern line = session.spocVerdictLine();
        StreamCut boxed = text -> StreamPieces.boxEnd(text, 0, text.length());
        StreamCut verdict = text -> {
            Matcher m = line.matcher(text);
            return m.find() && StreamPieces.completeVerdict(m, text) ? m.end() : -1;
        };
        StringBuilder prefix = new StringBuilder();
        NodeId parent = null;
        for (int turn = 1; turn <= params.maxTurns(); turn++) {
            NodeId attemptId = session.newNode();
            Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, prompt(user, prefix), attemptId, parent,
                    "attempt", "attempt " + turn).withCut(boxed));
            Sample s = g.first();
            if (turn > 1 && s.text().isBlank() && s.finish() == FinishReason.STOP) return session.stopped("the model stopped");
            session.attempt(attemptId, parent, turn, AttemptRole.PROPOSER, g, s);
            session.check(s);
            prefix.append(s.text());
            if (!s.cut()) {
                return s.finish() == FinishReason.LENGTH ? session.exhausted(Budget.TOKENS) : session.stopped("the model stopped");
            }
            NodeId verificationId = session.newNode();
            Generation gv = session.generate(CallSpec.of(ModelRole.STUDENT, prompt(user, prefix), verificationId,
                    attemptId, "verification", "verification " + turn).withCut(verdict));
            Sample sv = gv.first();
            Verification v = session.verification(verificationId, attemptId, VerifierRole.SELF, 1,
                    session.verdictParser(), gv, sv);
            session.locateNamedError(v);
            session.check(sv);
            prefix.append(sv.text());
            if (v.verdict() == Verdict.CORRECT) return session.solved("verdict yes");
            if (!sv.cut()) {
                return sv.finish() == FinishReason.LENGTH ? session.exhausted(Budget.TOKENS) : session.stopped("the model stopped");
            }
            parent = verificationId;
        }
        return session.exhausted(Budget.MAX_TURNS);
    }

    private static Prompt prompt(ChatMessage user, CharSequence prefix) {
        if (prefix.isEmpty()) return Prompt.chat(user);
        return new Prompt.Chat(List.of(user, ChatMessage.assistant(prefix.toString())), true);
    }
}
