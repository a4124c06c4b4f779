package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Verification;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

/** One exact-tree test per strategy (SPOC has its own class). */
class StrategiesTest {

    static final String NO = "\nVerification: Is the answer correct (Yes/No)? No";
    static final String YES = "\nVerification: Is the answer correct (Yes/No)? Yes";

    @Test
    void registryKnowsTheTwelveIdsAndWhichUseGold() {
        assertThat(StrategyRegistry.ids()).containsExactly("spoc", "s2r", "self-refine", "intrinsic", "score",
                "supercorrect", "supercorrect-eval", "gsr", "best-of-n", "majority", "reflexion", "critic");
        for (String id : StrategyRegistry.ids()) {
            Strategy s = Harness.strategy(id);
            assertThat(s.id()).isEqualTo(id);
            for (String t : s.templates()) assertThat(PromptTemplates.defaults().get(t).text()).isNotBlank();
        }
        assertThat(StrategyRegistry.usesGold("reflexion")).isTrue();
        assertThat(StrategyRegistry.usesGold("spoc")).isFalse();
        assertThat(StrategyRegistry.usesGold("supercorrect")).isTrue();
        assertThat(StrategyRegistry.usesGold("supercorrect-eval")).isFalse();
        assertThat(StrategyRegistry.create("nope")).isEmpty();
    }

    @Test
    void eachStrategysParameterRecordHoldsExactlyItsKnobsWithTheirDefaults() {
        for (String id : StrategyRegistry.ids()) {
            Strategy s = Harness.strategy(id);
            java.util.Map<String, Object> defaults = new java.util.LinkedHashMap<>();
            for (Knob k : s.knobs()) defaults.put(k.name(), k.defaultValue());
            assertThat(s.params().values()).as(id).isEqualTo(defaults);
            assertThat(s.knobValues().keySet()).as(id).containsExactlyElementsOf(defaults.keySet());
        }
        assertThat(Harness.strategy("score").params()).isEqualTo(new StrategyParams.None());
        assertThat(Harness.strategy("intrinsic").params()).isEqualTo(new TurnLimit(2));
        assertThat(Harness.strategy("s2r").params()).isEqualTo(new TurnLimit(4));
        assertThat(Harness.strategy("spoc", Map.of("max_turns", "5", "spoc_mode", "turn-by-turn")))
                .isEqualTo(new SpocStrategy(new SpocStrategy.Params(5, SpocStrategy.SpocMode.TURN_BY_TURN)));
        assertThat(Harness.strategy("majority", Map.of("weighted_vote", true, "max_turns", 9)).params())
                .isEqualTo(new MajorityStrategy.Params(4, true));
        assertThat(new SuperCorrectStrategy(new SuperCorrectStrategy.Params(1, false, true)).knobValues())
                .containsExactly(Map.entry("inspector_rounds", 1), Map.entry("reattempt", false),
                        Map.entry("student_correction", true));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Harness.strategy("gsr", Map.of("samples", 0)))
                .hasMessageContaining("samples must be between 1 and 256");
    }

    @Test
    void s2rSplitsOnItsDelimitersAndStopsAfterACorrectVerification() {
        String stream = "17 + 50 = 68, so the answer is \\boxed{68}.\n\n"
                + "Wait, let me recheck my solution.\n\n"
                + "Use subtraction: 68 - 50 = 18, not 17, so the answer is incorrect.\n\n"
                + "Let me try again.\n\n"
                + "17 + 50 = 67, so \\boxed{67}.\n\n"
                + "Wait, let me recheck my solution.\n\n"
                + "Use subtraction: 67 - 50 = 17. The answer is correct.\n\n"
                + "Let me try again.\n\nSomething after the stop \\boxed{1}.";
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(stream);
        Harness.Result r = Harness.run(Harness.strategy("s2r"), model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=1 ok",
                "verification self parent=#0 model=scripted verdict=incorrect first_error=null iter=1 ok",
                "attempt t2 proposer parent=#1 model=scripted answer=67 correct=true steps=1 ok",
                "verification self parent=#2 model=scripted verdict=correct first_error=null iter=1 ok");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(r.trace().nodes(Verification.class).toList().get(1).rawText())
                .isEqualTo("Use subtraction: 67 - 50 = 17. The answer is correct.");
        assertThat(model.prompts().get(0)).contains("Please reason step by step, and put your final answer within \\boxed{}.");
    }

    @Test
    void s2rUnreadableVerificationIsUnparsed() {
        String stream = "\\boxed{68}\n\nWait, let me recheck my solution.\n\nUse a picture.\n\n"
                + "Let me try again.\n\n\\boxed{67}";
        Harness.Result r = Harness.run(Harness.strategy("s2r"), ScriptedLanguageModel.replaying(stream));

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=1 ok",
                "verification self parent=#0 model=scripted verdict=unparsed first_error=null iter=1 ok",
                "attempt t2 proposer parent=#1 model=scripted answer=67 correct=true steps=1 ok");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("67", true, "the model stopped"));
    }

    @Test
    void selfRefineLoopsFeedbackAndRefinementUntilTheFeedbackAccepts() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "Step 1: 17 + 50 = 68\n\n\\boxed{68}",
                "Step 1 is wrong: 17 + 50 is 67." + NO,
                "Step 1: 17 + 50 = 67\n\n\\boxed{67}",
                "Every step checks out." + YES);
        Harness.Result r = Harness.run(Harness.strategy("self-refine"), model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=2 ok",
                "verification self parent=#0 model=scripted verdict=incorrect first_error=0 iter=1 ok",
                "attempt t2 refiner parent=#1 model=scripted answer=67 correct=true steps=2 ok",
                "verification self parent=#2 model=scripted verdict=correct first_error=null iter=1 ok");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(model.prompts().get(2)).contains("Solution 1:\nStep 1: 17 + 50 = 68").contains("Feedback 1:\nStep 1 is wrong");
    }

    @Test
    void selfRefineHitsMaxTurnsWhenTheFeedbackNeverAccepts() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying("\\boxed{68}", "Wrong." + NO, "\\boxed{66}", "Wrong." + NO);
        Strategy s = Harness.strategy("self-refine", Map.of("max_turns", 2));
        Harness.Result r = Harness.run(s, model);

        assertThat(Harness.dump(r.trace())).hasSize(4);
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.BudgetExhausted(LoopOutcome.Budget.MAX_TURNS, "66", false));
    }

    @Test
    void aSpentTokenBudgetStopsBeforeTheNextCall() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying("one two three \\boxed{68}", "never asked" + NO);
        Harness.Result r = Harness.run(Harness.strategy("self-refine"), ModelSet.of(model),
                Harness.options().withTokenBudgetPerProblem(4));

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=1 ok");
        assertThat(model.prompts()).hasSize(1);
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.BudgetExhausted(LoopOutcome.Budget.TOKENS, "68", false));
    }

    @Test
    void intrinsicReviewsAndImprovesInOneConversation() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "17 + 50 = 68\n\n\\boxed{68}", "The addition in the first line looks off.", "17 + 50 = 67\n\n\\boxed{67}");
        Harness.Result r = Harness.run(Harness.strategy("intrinsic"), model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=68 correct=false steps=2 ok",
                "verification self parent=#0 model=scripted verdict=unparsed first_error=null iter=1 ok",
                "attempt t2 refiner parent=#1 model=scripted answer=67 correct=true steps=2 ok");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("67", true, "review rounds done"));
        assertThat(model.prompts().get(2))
                .contains("Review your previous answer and find problems with your answer.")
                .contains("The addition in the first line looks off.")
                .contains("Based on the problems you found, improve your answer.");
    }

    @Test
    void scoreMakesExactlyTwoAttemptsTheSecondUnderTheFirst() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying("\\boxed{67}", "\\boxed{68}");
        Harness.Result r = Harness.run(Harness.strategy("score"), model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 proposer parent=- model=scripted answer=67 correct=true steps=1 ok",
                "attempt t2 refiner parent=#0 model=scripted answer=68 correct=false steps=1 ok");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("68", false, "two attempts"));
        assertThat(model.prompts().get(1)).contains("\\boxed{67}").contains("correct the error, if any");
    }

    @Test
    void superCorrectRoutesTeacherStudentAndInspectorAndReattemptsFromThePrefix() {
        ScriptedLanguageModel student = new ScriptedLanguageModel("student", replay(
                "<Step1>25 * 2 = 50</Step1>\n<Step2>17 + 50 = 68</Step2>\n<Answer>\\boxed{68}</Answer>",
                "<FirstError step=\"1\"/>\n<Analysis>Maybe 25 * 2 is 52.</Analysis>\n<Correction>Use 52.</Correction>",
                "<Step2>17 + 50 = 67</Step2>\n<Answer>\\boxed{67}</Answer>"));
        ScriptedLanguageModel teacher = new ScriptedLanguageModel("teacher", replay(
                "<FirstError step=\"1\"/>\n<Analysis>Step 1 is wrong.</Analysis>\n<Correction>Redo step 1.</Correction>",
                "<FirstError step=\"2\"/>\n<Analysis>17 + 50 is 67, not 68.</Analysis>\n<Correction>Recompute 17 + 50 = 67.</Correction>"));
        ScriptedLanguageModel inspector = new ScriptedLanguageModel("inspector", replay(
                "Step 1 is right; the teacher blamed the wrong step." + NO,
                "The analysis is right." + YES));
        ModelSet models = ModelSet.of(student).withTeacher(teacher).withInspector(inspector);
        Harness.Result r = Harness.run(Harness.strategy("supercorrect"), models, Harness.options());

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 student parent=- model=student answer=68 correct=false steps=2 ok",
                "verification teacher parent=#0 model=teacher verdict=incorrect first_error=0 iter=1 ok",
                "error_location parent=#1 step=0",
                "correction parent=#2 by=teacher",
                "verification self parent=#0 model=student verdict=incorrect first_error=0 iter=1 ok",
                "error_location parent=#4 step=0",
                "correction parent=#5 by=student",
                "verification inspector parent=#3 model=inspector verdict=incorrect first_error=null iter=1 ok",
                "verification teacher parent=#7 model=teacher verdict=incorrect first_error=1 iter=2 ok",
                "error_location parent=#8 step=1",
                "correction parent=#9 by=teacher",
                "verification inspector parent=#10 model=inspector verdict=correct first_error=null iter=2 ok",
                "attempt t2 student parent=#10 model=student answer=67 correct=true steps=1 ok");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Stopped.class);
        assertThat(r.outcome().correct()).isTrue();
        assertThat(r.run().usesGold()).isTrue();
        assertThat(r.run().models()).extracting(m -> m.role() + ":" + m.id())
                .containsExactly("student:student", "teacher:teacher", "inspector:inspector");
        assertThat(r.run().prompts()).containsKey("supercorrect.student-correction");
        assertThat(teacher.prompts()).allMatch(p -> p.contains("Reference solution:") && p.contains("\\boxed{67}"));
        assertThat(student.prompts()).hasSize(3)                                // solve, own correction, re-attempt
                .noneMatch(p -> p.contains("Reference") || p.contains("\\boxed{67}"));  // the student never sees gold
        assertThat(student.prompts().get(1)).contains("<Step1>25 * 2 = 50</Step1>\n<Step2>17 + 50 = 68</Step2>")
                .contains("<FirstError step=\"N\"/>");
        assertThat(student.prompts().get(2)).contains("<Step1>25 * 2 = 50</Step1>")
                .doesNotContain("17 + 50 = 68").contains("Recompute 17 + 50 = 67.");
        List<Correction> corrections = r.trace().nodes(Correction.class).toList();
        assertThat(corrections).extracting(Correction::guidance)
                .containsExactly("Redo step 1.", "Use 52.", "Recompute 17 + 50 = 67.");
        assertThat(r.trace().nodes(ErrorLocation.class).toList()).extracting(ErrorLocation::analysis)
                .containsExactly("Step 1 is wrong.", "Maybe 25 * 2 is 52.", "17 + 50 is 67, not 68.");
    }

    @Test
    void superCorrectKeepsAnUnreadableStudentCorrectionAsUnparsed() {
        ScriptedLanguageModel student = new ScriptedLanguageModel("student", replay(
                "<Step1>17 + 50 = 68</Step1>\n<Answer>\\boxed{68}</Answer>",
                "I think it is fine, probably."));
        ScriptedLanguageModel teacher = new ScriptedLanguageModel("teacher", replay(
                "<FirstError step=\"1\"/>\n<Analysis>17 + 50 is 67.</Analysis>\n<Correction>Recompute.</Correction>"));
        ScriptedLanguageModel inspector = new ScriptedLanguageModel("inspector", replay("Right." + YES));
        Strategy s = Harness.strategy("supercorrect", Map.of("reattempt", false));
        Harness.Result r = Harness.run(s,
                ModelSet.of(student).withTeacher(teacher).withInspector(inspector), Harness.options());

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 student parent=- model=student answer=68 correct=false steps=1 ok",
                "verification teacher parent=#0 model=teacher verdict=incorrect first_error=0 iter=1 ok",
                "error_location parent=#1 step=0",
                "correction parent=#2 by=teacher",
                "verification self parent=#0 model=student verdict=unparsed first_error=null iter=1 ok",
                "verification inspector parent=#3 model=inspector verdict=correct first_error=null iter=1 ok");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("68", false, "corrected (no re-attempt)"));
    }

    @Test
    void superCorrectWithoutStudentCorrectionMakesNoStudentCall() {
        ScriptedLanguageModel student = new ScriptedLanguageModel("student", replay(
                "<Step1>17 + 50 = 68</Step1>\n<Answer>\\boxed{68}</Answer>"));
        ScriptedLanguageModel teacher = new ScriptedLanguageModel("teacher", replay(
                "<FirstError step=\"1\"/>\n<Analysis>17 + 50 is 67.</Analysis>\n<Correction>Recompute.</Correction>"));
        ScriptedLanguageModel inspector = new ScriptedLanguageModel("inspector", replay("Right." + YES));
        Strategy s = Harness.strategy("supercorrect", Map.of("reattempt", false, "student_correction", false));
        Harness.Result r = Harness.run(s,
                ModelSet.of(student).withTeacher(teacher).withInspector(inspector), Harness.options());

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 student parent=- model=student answer=68 correct=false steps=1 ok",
                "verification teacher parent=#0 model=teacher verdict=incorrect first_error=0 iter=1 ok",
                "error_location parent=#1 step=0",
                "correction parent=#2 by=teacher",
                "verification inspector parent=#3 model=inspector verdict=correct first_error=null iter=1 ok");
        assertThat(student.prompts()).hasSize(1);
        assertThat(r.run().parameters()).containsEntry("student_correction", false);
    }

    @Test
    void gsrRefinesOverTheCandidatesThatDidNotFail() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "17 + 50 = 68 \\boxed{68}", ScriptedLanguageModel.FAIL, "17 + 50 = 66 \\boxed{66}",
                "Both candidates slipped; 17 + 50 = 67. \\boxed{67}");
        Strategy s = Harness.strategy("gsr", Map.of("samples", 3));
        Harness.Result r = Harness.run(s, model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 candidate parent=- model=scripted answer=68 correct=false steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=null correct=null steps=0 failed",
                "attempt t1 candidate parent=- model=scripted answer=66 correct=false steps=1 ok",
                "aggregate refine parent=- inputs=[#0, #2] answer=67 chosen=#4 correct=true",
                "attempt t2 refiner parent=#3 model=scripted answer=67 correct=true steps=1 ok");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("67", true, "refined"));
        assertThat(model.prompts().get(1)).contains("Candidate solution 1:\n17 + 50 = 68")
                .contains("Candidate solution 2:\n17 + 50 = 66").doesNotContain("Candidate solution 3");
    }

    @Test
    void bestOfNPicksTheHighestSelfVerificationScore() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "\\boxed{68}", "\\boxed{67}", "\\boxed{66}",
                "Looks wrong." + NO, "Looks right." + YES, "Looks right." + YES);
        Strategy s = Harness.strategy("best-of-n", Map.of("samples", 3));
        Harness.Result r = Harness.run(s, model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 candidate parent=- model=scripted answer=68 correct=false steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=67 correct=true steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=66 correct=false steps=1 ok",
                "verification self parent=#0 model=scripted verdict=incorrect first_error=null iter=1 ok",
                "verification self parent=#1 model=scripted verdict=correct first_error=null iter=1 ok",
                "verification self parent=#2 model=scripted verdict=correct first_error=null iter=1 ok",
                "aggregate best_of_n parent=- inputs=[#0, #1, #2] answer=67 chosen=#1 correct=true");
        // the scripted model gives every token logprob -0.1: p(yes) = e^-0.1 after Yes, 1 - e^-0.1 after No
        List<Verification> checks = r.trace().nodes(Verification.class).toList();
        assertThat(checks.get(0).pYes()).isCloseTo(1 - Math.exp(-0.1), within(1e-9));
        assertThat(checks.get(1).pYes()).isCloseTo(Math.exp(-0.1), within(1e-9));
        assertThat(r.outcome().finalAnswer()).isEqualTo("67");
    }

    @Test
    void majorityClustersEquivalentAnswersAndBreaksTiesByTheLowestIndex() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "\\boxed{67}", "\\boxed{68}", "\\boxed{67.0}", "\\boxed{68}", "I do not know.");
        Strategy s = Harness.strategy("majority", Map.of("samples", 5));
        Harness.Result r = Harness.run(s, model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 candidate parent=- model=scripted answer=67 correct=true steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=68 correct=false steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=67.0 correct=true steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=68 correct=false steps=1 ok",
                "attempt t1 candidate parent=- model=scripted answer=null correct=false steps=1 ok",
                "aggregate vote parent=- inputs=[#0, #1, #2, #3, #4] answer=67 chosen=#0 correct=true");
        assertThat(r.outcome()).isEqualTo(new LoopOutcome.Stopped("67", true, "vote over 5"));
    }

    @Test
    void weightedVoteLetsConfidentMinorityAnswersWin() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "\\boxed{68}", "\\boxed{67}", "\\boxed{68}", "No good." + NO, "Good." + YES, "No good." + NO);
        Strategy s = Harness.strategy("majority", Map.of("samples", 3, "weighted_vote", true));
        Harness.Result r = Harness.run(s, model);

        Aggregate vote = r.trace().nodes(Aggregate.class).findFirst().orElseThrow();
        assertThat(Harness.dump(r.trace()).get(6)).isEqualTo(
                "aggregate weighted_vote parent=- inputs=[#0, #1, #2] answer=67 chosen=#1 correct=true");
        assertThat(vote.detail()).contains("[68: 2,").contains("[67: 1,");
    }

    @Test
    void reflexionStopsWhenTheOracleSaysCorrectAndCarriesLessons() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "\\boxed{68}", "I added 17 and 50 wrongly; add carefully.", "\\boxed{67}");
        Harness.Result r = Harness.run(Harness.strategy("reflexion"), model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 actor parent=- model=scripted answer=68 correct=false steps=1 ok",
                "verification oracle parent=#0 model=oracle verdict=incorrect first_error=null iter=1 ok",
                "correction parent=#1 by=scripted",
                "attempt t2 actor parent=#2 model=scripted answer=67 correct=true steps=1 ok",
                "verification oracle parent=#3 model=oracle verdict=correct first_error=null iter=1 ok");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(model.prompts().get(2)).contains("1. I added 17 and 50 wrongly; add carefully.");
        assertThat(r.run().usesGold()).isTrue();
    }

    @Test
    void reflexionWithoutAGoldAnswerFails() {
        Problem noGold = Problem.of("test", "2", "What is 1 + 1?", null);
        Harness.Result r = Harness.run(Harness.strategy("reflexion"), ModelSet.of(ScriptedLanguageModel.replaying()),
                Harness.options(), List.of(noGold), java.util.Set.of(), org.errata.runtime.api.Cancellation.none());

        assertThat(r.summary().outcomes().get(noGold.id())).isInstanceOf(LoopOutcome.Failed.class);
        assertThat(r.trace(noGold).status()).isEqualTo(org.errata.correction.trace.TraceStatus.FAILED);
    }

    @Test
    void criticLocatesTheFirstWrongParagraphAndTheActorRewrites() {
        ScriptedLanguageModel actor = new ScriptedLanguageModel("actor", replay(
                "Step one: 25 * 2 = 50\n\nStep two: 17 + 50 = 68\n\n\\boxed{68}",
                "Step one: 25 * 2 = 50\n\nStep two: 17 + 50 = 67\n\n\\boxed{67}"));
        ScriptedLanguageModel critic = new ScriptedLanguageModel("critic", replay(
                "Paragraph 1 adds wrongly. \\boxed{1}", "All paragraphs are right. \\boxed{-1}"));
        Harness.Result r = Harness.run(Harness.strategy("critic"), ModelSet.of(actor).withCritic(critic), Harness.options());

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 actor parent=- model=actor answer=68 correct=false steps=3 ok",
                "verification critic parent=#0 model=critic verdict=incorrect first_error=1 iter=1 ok",
                "error_location parent=#1 step=1",
                "correction parent=#2 by=critic",
                "attempt t2 actor parent=#3 model=actor answer=67 correct=true steps=3 ok",
                "verification critic parent=#4 model=critic verdict=correct first_error=-1 iter=1 ok");
        assertThat(r.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(critic.prompts().get(0)).contains("<paragraph_1>\nStep two: 17 + 50 = 68\n</paragraph_1>")
                .contains("indexed from 0");
        assertThat(actor.prompts().get(1)).contains("Paragraph 1 adds wrongly.");
    }

    @Test
    void anUnreadableCritiqueStillGoesToTheActorWithoutALocation() {
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(
                "\\boxed{68}", "Hmm, hard to say.", "\\boxed{67}", "\\boxed{-1}");
        Harness.Result r = Harness.run(Harness.strategy("critic"), model);

        assertThat(Harness.dump(r.trace())).containsExactly(
                "attempt t1 actor parent=- model=scripted answer=68 correct=false steps=1 ok",
                "verification critic parent=#0 model=scripted verdict=unparsed first_error=null iter=1 ok",
                "attempt t2 actor parent=#1 model=scripted answer=67 correct=true steps=1 ok",
                "verification critic parent=#2 model=scripted verdict=correct first_error=-1 iter=1 ok");
    }

    /** Replays outputs in order, like {@link ScriptedLanguageModel#replaying}, for a named model. */
    static ScriptedLanguageModel.Responder replay(String... outputs) {
        java.util.Deque<String> queue = new java.util.ArrayDeque<>(List.of(outputs));
        return (prompt, request, sample) -> {
            synchronized (queue) {
                if (queue.isEmpty()) throw new IllegalStateException("script ran out at: " + prompt);
                return queue.removeFirst();
            }
        };
    }
}
