package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.engine.LoopOutcome.Budget;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Verdict;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.Prompt;

/**
 * S²R (METHODS.md A2a): one stream of solution, "Wait, let me recheck my solution.",
 * verification, "Let me try again.", solution... The stream is ended when a new try would
 * follow a verification that said correct, or would exceed {@code maxTurns} attempts.
 */
public record S2rStrategy(TurnLimit params) implements Strategy {

    static final String SYSTEM = "s2r.system";
    static final String USER = "s2r.user";
    private static final Pattern DELIMITER =
            Pattern.compile(Pattern.quote(Segmenters.RECHECK) + "|" + Pattern.quote(Segmenters.TRY_AGAIN));

    @Override public String id() { return "s2r"; }
    @Override public org.errata.correction.training.TrainingData trainingData() { return S2rTraining.INSTANCE; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.MAX_TURNS.withDefault(4)
            .withHelp("Most solve actions in one S²R stream (tries after a verification said wrong)."));

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public String format() { return "s2r"; }
    @Override public List<String> templates() { return List.of(SYSTEM, USER); }
    @Override public String defaultSegmenter() { return "paragraph"; }
    @Override public String defaultVerdictParser() { return "s2r"; }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        Prompt prompt = Prompt.chat(
                ChatMessage.system(session.render(SYSTEM, Map.of())),
                ChatMessage.user(session.render(USER, Map.of("problem", session.problem().text()))));
        VerdictParser parser = session.verdictParser();
        int maxTurns = params.maxTurns();
        StreamCut cut = text -> {
            String s = text.toString();
            List<StreamPieces.Piece> pieces = split(s);
            int attempts = 0;
            for (int i = 0; i < pieces.size(); i++) {
                StreamPieces.Piece p = pieces.get(i);
                if (p.verification()) continue;
                attempts++;
                if (attempts == 1) continue;
                StreamPieces.Piece before = pieces.get(i - 1);
                boolean accepted = before.verification()
                        && parser.parse(s.substring(before.start(), before.end())).verdict() == Verdict.CORRECT;
                if (accepted || attempts > maxTurns) return delimiterStart(s, before.end());
            }
            return -1;
        };
        NodeId first = session.newNode();
        Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, prompt, first, null, "attempt", "S2R stream")
                .withCut(cut).withMaxTokens(session.tokensPerCall() * 2 * maxTurns));
        Sample s = g.first();
        StreamPieces.Emitted e = StreamPieces.emit(session, first, g, s, split(s.text()), AttemptRole.PROPOSER, parser);
        session.check(s);
        if (e.lastVerdict() == Verdict.CORRECT) return session.solved("verification says correct");
        if (s.finish() == FinishReason.LENGTH && !s.cut()) return session.exhausted(Budget.TOKENS);
        if (s.cut() || e.attempts() >= maxTurns) return session.exhausted(Budget.MAX_TURNS);
        return session.stopped("the model stopped");
    }

    /** Where the delimiter after {@code from} begins (the cut keeps the text before it). */
    private static int delimiterStart(String text, int from) {
        Matcher m = DELIMITER.matcher(text);
        return m.find(from) ? m.start() : from;
    }

    /**
     * Pieces between the delimiters: solution before "Wait, let me recheck my solution.",
     * verification after it, solution again after "Let me try again.". Delimiters belong to no
     * piece.
     */
    static List<StreamPieces.Piece> split(String text) {
        List<StreamPieces.Piece> out = new ArrayList<>();
        Matcher m = DELIMITER.matcher(text);
        int pos = 0;
        boolean verification = false;
        while (m.find()) {
            out.add(new StreamPieces.Piece(verification, pos, m.start()));
            verification = m.group().equals(Segmenters.RECHECK);
            pos = m.end();
        }
        if (!text.substring(pos).isBlank() || out.isEmpty()) out.add(new StreamPieces.Piece(verification, pos, text.length()));
        return out;
    }
}
