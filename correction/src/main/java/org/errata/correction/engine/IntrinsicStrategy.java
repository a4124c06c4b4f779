package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Prompt;

/**
 * Intrinsic self-correction prompting (Huang et al., METHODS.md A2c), one conversation: answer;
 * "review your previous answer and find problems"; "based on the problems, improve your
 * answer"; {@code maxTurns - 1} such rounds, no oracle and no early stop. The review is kept as
 * a self verification (its verdict is usually unparsed: the prompt asks for none).
 */
public record IntrinsicStrategy(TurnLimit params) implements Strategy {

    static final String REVIEW = "intrinsic.review";
    static final String IMPROVE = "intrinsic.improve";

    @Override public String id() { return "intrinsic"; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.MAX_TURNS.withDefault(2)
            .withHelp("Most attempts: the first solution plus (max_turns - 1) review-and-improve rounds."));

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, REVIEW, IMPROVE); }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        List<ChatMessage> chat = new ArrayList<>();
        chat.add(ChatMessage.user(session.render(Moves.SOLVE, Map.of("problem", session.problem().text()))));
        Attempt a = Moves.attempt(session, ModelRole.STUDENT, Prompt.chat(chat), null, 1, AttemptRole.PROPOSER);
        for (int turn = 2; turn <= params.maxTurns(); turn++) {
            chat.add(ChatMessage.assistant(a.text()));
            chat.add(ChatMessage.user(session.render(REVIEW, Map.of())));
            NodeId reviewId = session.newNode();
            Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, Prompt.chat(chat), reviewId, a.id(),
                    "verification", "review " + (turn - 1)));
            Sample s = g.first();
            Verification review = session.verification(reviewId, a.id(), VerifierRole.SELF, 1, session.verdictParser(), g, s);
            session.check(s);
            chat.add(ChatMessage.assistant(review.rawText()));
            chat.add(ChatMessage.user(session.render(IMPROVE, Map.of())));
            a = Moves.attempt(session, ModelRole.STUDENT, Prompt.chat(chat), review.id(), turn, AttemptRole.REFINER);
        }
        return session.stopped("review rounds done");
    }
}
