package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verification;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

class SpocStrategyTest {

    static final String WRONG = """
            Step 1: 25 * 2 = 50
            Step 2: 17 + 50 = 68
            \\boxed{68}""";
    static final String VERIFY_NO = """

            Check step 1: 25 * 2 = 50 ok
            Check step 2: 17 + 50 = 67 wrong
            The first error is in step 2.
            Verification: Is the answer correct (Yes/No)? No""";
    static final String RIGHT = """

            Step 1: 25 * 2 = 50
            Step 2: 17 + 50 = 67
            \\boxed{67}""";
    static final String VERIFY_YES = """

            Check step 1: 25 * 2 = 50 ok
            Check step 2: 17 + 50 = 67 ok
            Verification: Is the answer correct (Yes/No)? Yes""";
    static final String AFTER_YES = "\nStep 1: this text comes after the accepted answer \\boxed{1}";

    static final String STREAM = WRONG + VERIFY_NO + RIGHT + VERIFY_YES + AFTER_YES;

    static final List<String> EXPECTED = List.of(
            "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=3 ok",
            "verification self parent=#0 model=scripted verdict=incorrect first_error=1 iter=1 ok",
            "error_location parent=#1 step=1",
            "attempt t2 proposer parent=#1 model=scripted answer=67 correct=true steps=3 ok",
            "verification self parent=#3 model=scripted verdict=correct first_error=null iter=1 ok");

    @Test
    void aBoldYesStopsTheSinglePassStream() {
        for (String yes : List.of("**Yes**", "Yes.", "yes", "\"Yes\"", "*Yes*.")) {
            String stream = WRONG + VERIFY_NO + RIGHT + VERIFY_YES.replace("(Yes/No)? Yes", "(Yes/No)? " + yes)
                    + "\n" + AFTER_YES;
            ScriptedLanguageModel model = ScriptedLanguageModel.replaying(stream);
            Harness.Result r = Harness.run(Harness.strategy("spoc"), model);

            assertThat(r.outcome()).as(yes).isInstanceOf(LoopOutcome.Solved.class);
            assertThat(r.outcome().finalAnswer()).as(yes).isEqualTo("67");
            assertThat(r.trace().attempts()).as(yes).hasSize(2);
            List<Verification> verdicts = r.trace().nodes(Verification.class).toList();
            assertThat(verdicts.get(1).verdict()).as(yes).isEqualTo(org.errata.correction.trace.Verdict.CORRECT);
            assertThat(verdicts.get(1).rawText()).as(yes).endsWith(yes);
            assertThat(r.trace().attempts().get(1).text()).doesNotContain("comes after the accepted answer");
        }
    }

    @Test
    void thePerCallCapLimitsEachTurnNotTheWholeSinglePassStream() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(STREAM);
        int upToYes = model.countTokens(WRONG + VERIFY_NO + RIGHT + VERIFY_YES);
        int perCall = upToYes / 3;   // every turn fits, the four turns together do not
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(model),
                Harness.options().withMaxTokensPerCall(perCall));

        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(r.trace().attempts()).hasSize(2);

        Harness.Result capped = Harness.run(Harness.strategy("spoc"), ModelSet.of(ScriptedLanguageModel.replaying(STREAM)),
                Harness.options().withMaxTokensPerCall(perCall).withTokenBudgetPerProblem(perCall));
        assertThat(capped.outcome()).isInstanceOf(LoopOutcome.BudgetExhausted.class);
    }

    @Test
    void theFullStopAfterABoxStaysWithTheSolution() {
        String stream = "Step 1: 17 + 50 = 67\nThe answer is \\boxed{67}.\n\nCheck step 1: 17 + 50 = 67 ok\n"
                + "Verification: Is the answer correct (Yes/No)? Yes";
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ScriptedLanguageModel.replaying(stream));

        assertThat(r.trace().attempts().get(0).text()).isEqualTo("Step 1: 17 + 50 = 67\nThe answer is \\boxed{67}.");
        assertThat(r.trace().nodes(Verification.class).toList().get(0).rawText())
                .startsWith("Check step 1").endsWith("(Yes/No)? Yes");
    }

    @Test
    void textAfterABoxOnItsLineStartsTheVerification() {
        assertThat(StreamPieces.sentenceEnd("\\boxed{5}. Check: ok", 9, 20)).isEqualTo(9);
        assertThat(StreamPieces.sentenceEnd("$\\boxed{5}$.\n\nCheck", 10, 18)).isEqualTo(12);
        assertThat(StreamPieces.sentenceEnd("\\boxed{5}\nCheck", 9, 15)).isEqualTo(9);
    }

    @Test
    void singlePassSplitsTheStreamIntoAttemptsAndVerificationsAndStopsAtYes() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(STREAM);
        Harness.Result r = Harness.run(Harness.strategy("spoc"), model);

        Trace trace = r.trace();
        assertThat(Harness.dump(trace)).containsExactlyElementsOf(EXPECTED);
        Harness.assertSeqInOrder(trace);
        assertThat(model.prompts()).hasSize(1);
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(r.outcome().finalAnswer()).isEqualTo("67");
        assertThat(trace.status()).isEqualTo(TraceStatus.FINISHED);
        assertThat(trace.correct()).isTrue();
        List<Attempt> attempts = trace.attempts();
        assertThat(attempts.get(0).text()).isEqualTo(WRONG);
        assertThat(attempts.get(1).text()).isEqualTo(RIGHT.strip());
        Verification last = trace.nodes(Verification.class).toList().get(1);
        assertThat(last.rawText()).endsWith("(Yes/No)? Yes").doesNotContain("after the accepted");
        // the live deltas add up to exactly the kept stream
        String streamed = r.events().events(LoopEvent.TokenDelta.class).stream().map(LoopEvent.TokenDelta::text)
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo(WRONG + VERIFY_NO + RIGHT + VERIFY_YES);
    }

    @Test
    void aSinglePassStreamsCostIsSharedOverItsAttemptsAndVerifications() {
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ScriptedLanguageModel.replaying(STREAM));
        Trace trace = r.trace();
        List<org.errata.correction.trace.CallStats> costs = trace.nodes().stream()
                .map(n -> n instanceof Attempt a ? a.stats() : n instanceof Verification v ? v.stats() : null)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(costs).hasSize(4); // attempt, verification, attempt, verification
        int out = costs.stream().mapToInt(org.errata.correction.trace.CallStats::tokensOut).sum();
        assertThat(out).isPositive();
        assertThat(costs).allSatisfy(c -> assertThat(c.tokensOut()).isPositive());
        // the prompt is paid once, by the first attempt
        assertThat(costs.get(0).tokensIn()).isPositive();
        assertThat(costs.subList(1, 4)).allSatisfy(c -> assertThat(c.tokensIn()).isZero());
        // and it is still one call
        assertThat(org.errata.correction.metrics.Cost.of(List.of(trace)).calls()).isEqualTo(1);
    }

    @Test
    void sharesAddUpToTheTotalsAndFollowTheTokensWhereTheyAreKnown() {
        var total = new org.errata.correction.trace.CallStats(10, 4, 7, 700);
        String text = "aaa bb";
        var pieces = List.of(new StreamPieces.Piece(false, 0, 4), new StreamPieces.Piece(true, 4, 6));
        // tokens "aa","a ","b","b": two start in piece 0 and two in piece 1 (exactly known, 4 of the 7 reported)
        var tokens = java.util.stream.Stream.of("aa", "a ", "b", "b")
                .map(t -> new org.errata.runtime.api.TokenLogprob(t, -0.1, List.of())).toList();
        var shared = StreamPieces.share(total, text, pieces, tokens);
        assertThat(shared.stream().mapToInt(org.errata.correction.trace.CallStats::tokensOut).sum()).isEqualTo(7);
        assertThat(shared.stream().mapToLong(org.errata.correction.trace.CallStats::latencyMs).sum()).isEqualTo(700);
        assertThat(shared.get(0).tokensIn()).isEqualTo(10);
        assertThat(shared.get(0).cachedTokensIn()).isEqualTo(4);
        assertThat(shared.get(1).tokensIn()).isZero();
        // without tokens: by characters, 4 to 2
        var byChars = StreamPieces.share(new org.errata.correction.trace.CallStats(0, 0, 6, 60), text, pieces, List.of());
        assertThat(byChars).extracting(org.errata.correction.trace.CallStats::tokensOut).containsExactly(4, 2);
        assertThat(StreamPieces.apportion(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
    }

    @Test
    void turnByTurnGivesTheSameTreeWithOneCallPerTurn() {
        ScriptedLanguageModel single = ScriptedLanguageModel.replaying(STREAM);
        ScriptedLanguageModel turns = new ScriptedLanguageModel("scripted", Harness.continuing(STREAM));
        Strategy spoc = Harness.strategy("spoc");
        Trace a = Harness.run(spoc, single).trace();
        Harness.Result r = Harness.run(Harness.strategy("spoc", Map.of("spoc_mode", "turn_by_turn")), turns);
        Trace b = r.trace();

        assertThat(Harness.dump(b)).containsExactlyElementsOf(EXPECTED);
        assertThat(turns.prompts()).hasSize(4);
        assertThat(turns.prompts().get(2)).endsWith(WRONG + VERIFY_NO);
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        for (int i = 0; i < a.nodes().size(); i++) {
            TraceNode x = a.nodes().get(i);
            TraceNode y = b.nodes().get(i);
            assertThat(y.nodeKind()).isEqualTo(x.nodeKind());
            if (x instanceof Attempt ax && y instanceof Attempt ay) {
                assertThat(ay.text()).isEqualTo(ax.text());
                assertThat(ay.prompt()).isEqualTo(ax.prompt());
            }
            if (x instanceof Verification vx && y instanceof Verification vy) {
                assertThat(vy.rawText()).isEqualTo(vx.rawText());
                assertThat(vy.prompt()).isEqualTo(vx.prompt());
            }
        }
    }

    @Test
    void anUnreadableVerdictIsKeptAsUnparsedAndTheLoopGoesOn() {
        String stream = WRONG + "\nI am not sure about this one.\nVerification: Is the answer correct (Yes/No)? Perhaps"
                + RIGHT + VERIFY_YES;
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ScriptedLanguageModel.replaying(stream));

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=3 ok",
                "verification self parent=#0 model=scripted verdict=unparsed first_error=null iter=1 ok",
                "attempt t2 proposer parent=#1 model=scripted answer=67 correct=true steps=3 ok",
                "verification self parent=#2 model=scripted verdict=correct first_error=null iter=1 ok");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
    }

    @Test
    void maxTurnsEndsTheStreamAfterThatManyVerdicts() {
        String stream = WRONG + VERIFY_NO + "\n" + WRONG + VERIFY_NO + RIGHT + VERIFY_YES;
        Strategy spoc = Harness.strategy("spoc", Map.of("max_turns", 2));
        Harness.Result r = Harness.run(spoc, ScriptedLanguageModel.replaying(stream));

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=3 ok",
                "verification self parent=#0 model=scripted verdict=incorrect first_error=1 iter=1 ok",
                "error_location parent=#1 step=1",
                "attempt t2 proposer parent=#1 model=scripted answer=68 correct=false steps=3 ok",
                "verification self parent=#3 model=scripted verdict=incorrect first_error=1 iter=1 ok",
                "error_location parent=#4 step=1");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.BudgetExhausted(LoopOutcome.Budget.MAX_TURNS, "68", false));
        assertThat(r.trace().status()).isEqualTo(TraceStatus.FINISHED);
    }

    @Test
    void turnByTurnMaxTurnsStopsBeforeAThirdAttempt() {
        String stream = WRONG + VERIFY_NO + "\n" + WRONG + VERIFY_NO + RIGHT + VERIFY_YES;
        Strategy spoc = Harness.strategy("spoc", Map.of("max_turns", 2, "spoc_mode", "turn_by_turn"));
        ScriptedLanguageModel model = new ScriptedLanguageModel("scripted", Harness.continuing(stream));
        Harness.Result r = Harness.run(spoc, model);

        assertThat(Harness.dump(r.trace())).hasSize(6); // two attempts, two verdicts, two located errors
        assertThat(model.prompts()).hasSize(4);
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.BudgetExhausted(LoopOutcome.Budget.MAX_TURNS, "68", false));
    }

    @Test
    void theTokenBudgetCapsTheCallAndEndsTheProblem() {
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(ScriptedLanguageModel.replaying(STREAM)),
                Harness.options().withTokenBudgetPerProblem(12));

        // 12 word tokens: "Step 1: 25 * 2 = 50\nStep 2: 17 + 50", no answer yet
        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=null correct=false steps=2 truncated");
        assertThat(r.trace().attempts().get(0).text()).isEqualTo("Step 1: 25 * 2 = 50\nStep 2: 17 + 50");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.BudgetExhausted(LoopOutcome.Budget.TOKENS, null, false));
    }
}
