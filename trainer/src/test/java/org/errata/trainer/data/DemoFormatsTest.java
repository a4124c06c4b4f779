package org.errata.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.errata.correction.engine.LoopOutcome;
import org.errata.correction.parse.HierarchicalThought;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.ChatMessage;
import org.junit.jupiter.api.Test;

/**
 * Every demo format's answers, run through the real engine under its built-in recipe (the engine
 * renders the prompts), are read by the strategy's own parsers into the nodes it promises, with
 * the values the injected slip dictates: the named first error is the slipped step, corrections
 * copy the steps before it and end right.
 */
class DemoFormatsTest {

    /** Problems with one injected slip each (the slip known to the test). */
    private static List<InjectedError> slips(long seed, List<ArithmeticProblem> problems, int count) {
        ProblemGenerator g = new ProblemGenerator(seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<InjectedError> out = new ArrayList<>();
        while (out.size() < count) {
            ArithmeticProblem p = g.next();
            Optional<InjectedError> e = ErrorInjector.inject(p, random);
            if (e.isPresent()) {
                problems.add(p);
                out.add(e.get());
            }
        }
        return out;
    }

    private static List<Attempt> attempts(Trace t) {
        return t.attempts();
    }

    private static List<Verification> verifications(Trace t) {
        return t.nodes(Verification.class).toList();
    }

    /** The text of a chat solution before step {@code k} (0-based): what a correction must copy. */
    private static String before(String solution, int k) {
        int at = solution.indexOf(SpocFormat.STEP_PREFIX + (k + 1) + ": ");
        assertThat(at).as("step %d in %s", k + 1, solution).isNotNegative();
        return solution.substring(0, at);
    }

    private static void assertEnded(EngineTranscript t, boolean solved) {
        assertThat(t.unused()).as("answers the engine did not ask for").isZero();
        assertThat(t.outcome().correct()).isTrue();
        if (solved) {
            assertThat(t.outcome()).isInstanceOf(LoopOutcome.Solved.class);
        }
    }

    @Test
    void s2rStreamsAreCutIntoSolutionsAndVerificationsWithTheVerdictsOfTheSlip() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(1, problems, 25);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            InjectedError e = errors.get(i);
            EngineTranscript t = EngineTranscript.run(DemoFormat.S2R, p,
                    S2rFormat.script(p, List.of(e.writtenSteps(), p.steps())));
            assertEnded(t, true);
            List<Attempt> a = attempts(t.trace());
            assertThat(a).hasSize(2);
            assertThat(a.get(0).correct()).isFalse();
            assertThat(a.get(1).correct()).isTrue();
            assertThat(verifications(t.trace())).extracting(Verification::verdict)
                    .containsExactly(Verdict.INCORRECT, Verdict.CORRECT);
            assertThat(a.get(1).text()).startsWith(before(a.get(0).text(), e.stepIndex()));
            long steps = t.trace().nodes(Step.class).filter(s -> s.parent().equals(a.get(1).id())).count();
            assertThat(steps).as("one step node per step and the answer line").isEqualTo(p.steps().size() + 1);
            ChatMessage system = t.examples().get(0).prompt().get(0);
            assertThat(system.role()).isEqualTo(ChatMessage.Role.SYSTEM);
            assertThat(system.content()).isEqualTo(EngineTranscript.recipe(DemoFormat.S2R).prompts().get("s2r.system"));
        }
    }

    @Test
    void selfRefineFeedbackNamesTheSlippedStepAndTheRefinementCopiesTheStepsBeforeIt() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(2, problems, 25);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            InjectedError e = errors.get(i);
            EngineTranscript t = EngineTranscript.run(DemoFormat.SELF_REFINE, p,
                    SelfRefineFormat.script(p, List.of(e.writtenSteps(), p.steps())));
            assertEnded(t, true);
            List<Verification> v = verifications(t.trace());
            assertThat(v).extracting(Verification::verdict).containsExactly(Verdict.INCORRECT, Verdict.CORRECT);
            assertThat(v.get(0).predictedFirstError()).isEqualTo(e.stepIndex());
            List<Attempt> a = attempts(t.trace());
            assertThat(a.get(1).text()).startsWith(before(a.get(0).text(), e.stepIndex()));
            // the refine prompt carries the first solution and its feedback
            assertThat(t.examples().get(2).prompt().get(0).content()).contains(a.get(0).text()).contains(v.get(0).rawText());
        }
    }

    @Test
    void intrinsicReviewsNameTheSlipAndAnImprovementOfARightAnswerCopiesIt() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(3, problems, 20);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            InjectedError e = errors.get(i);
            EngineTranscript wrong = EngineTranscript.run(DemoFormat.INTRINSIC, p, IntrinsicFormat.script(p, e.writtenSteps()));
            assertEnded(wrong, false);
            assertThat(verifications(wrong.trace())).singleElement().satisfies(v -> {
                assertThat(v.verdict()).isEqualTo(Verdict.INCORRECT);
                assertThat(v.predictedFirstError()).isEqualTo(e.stepIndex());
            });
            assertThat(wrong.examples().get(2).prompt()).hasSize(5);
            EngineTranscript right = EngineTranscript.run(DemoFormat.INTRINSIC, p, IntrinsicFormat.script(p, p.steps()));
            assertEnded(right, false);
            assertThat(verifications(right.trace()).get(0).verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(attempts(right.trace()).get(1).text()).isEqualTo(attempts(right.trace()).get(0).text());
        }
    }

    @Test
    void scoresSecondAttemptIsRightAndCopiesWhatWasRightInTheFirst() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(4, problems, 20);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            InjectedError e = errors.get(i);
            EngineTranscript t = EngineTranscript.run(DemoFormat.SCORE, p, ScoreFormat.script(p, e.writtenSteps()));
            assertEnded(t, false);
            List<Attempt> a = attempts(t.trace());
            assertThat(a).extracting(Attempt::correct).containsExactly(false, true);
            assertThat(a.get(1).parent()).isEqualTo(a.get(0).id());
            assertThat(a.get(1).text()).contains(ChatSolution.of(p.steps())).contains(before(a.get(0).text(), e.stepIndex()));
        }
    }

    @Test
    void gsrRefinesAMajorityOfWrongCandidatesIntoTheRightAnswer() {
        int n = EngineTranscript.gsrCandidates();
        assertThat(n).isEqualTo(4);
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(5, problems, 20);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            List<List<ArithStep>> candidates = new ArrayList<>();
            for (int c = 0; c < n - 1; c++) {
                candidates.add(errors.get(i).writtenSteps());
            }
            candidates.add(p.steps());
            EngineTranscript t = EngineTranscript.run(DemoFormat.GSR, p, GsrFormat.script(p, candidates));
            assertEnded(t, false);
            Aggregate g = t.trace().nodes(Aggregate.class).findFirst().orElseThrow();
            assertThat(g.kind()).isEqualTo(AggregateKind.REFINE);
            assertThat(g.inputs()).hasSize(n);
            assertThat(g.answer()).isEqualTo(Long.toString(p.answer()));
            assertThat(g.correct()).isTrue();
            // the refine call saw every candidate as the engine lists them
            String refine = t.examples().get(n).prompt().get(0).content();
            for (int c = 0; c < n; c++) {
                assertThat(refine).contains(ChatSolution.of(candidates.get(c)));
            }
        }
    }

    @Test
    void scoresSecondAttemptAfterARightFirstChecksItAndCopiesItsAnswerWithoutWritingItAgain() {
        ProblemGenerator gen = new ProblemGenerator(41);
        for (int i = 0; i < 20; i++) {
            ArithmeticProblem p = gen.next();
            EngineTranscript t = EngineTranscript.run(DemoFormat.SCORE, p, ScoreFormat.script(p, p.steps()));
            assertEnded(t, false);
            List<Attempt> a = attempts(t.trace());
            assertThat(a).extracting(Attempt::correct).containsExactly(true, true);
            assertThat(a.get(1).text()).isEqualTo(SpocFormat.checks(p.steps(), p.steps()) + "\n" + ChatSolution.answerLine(p.steps()))
                    .doesNotContain(SpocFormat.STEP_PREFIX + "1: ");
        }
    }

    @Test
    void gsrListsTheAnswersThenChecksEachCandidateInTurnAndCopiesTheFirstThatChecksOut() {
        int n = EngineTranscript.gsrCandidates();
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(8, problems, 20);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            String answer = Long.toString(p.answer());
            String rightChecked = SpocFormat.checks(p.steps(), p.steps());
            EngineTranscript t = EngineTranscript.run(DemoFormat.GSR, p, GsrFormat.script(p, java.util.Collections.nCopies(n, p.steps())));
            assertEnded(t, false);
            // all right: the first candidate checks out and its answer is copied, nothing solved again
            assertThat(t.examples().get(n).completion())
                    .isEqualTo(GsrFormat.ANSWERS_PREFIX + String.join(", ", java.util.Collections.nCopies(n, answer)) + ".\n"
                            + GsrFormat.CANDIDATE_PREFIX + "1:\n" + rightChecked + ChatSolution.answerLine(p.steps()))
                    .doesNotContain(SpocFormat.STEP_PREFIX + "1: ");
            // wrong candidates first: each fails at its slip, and the first right one checks out
            List<ArithStep> wrong = errors.get(i).writtenSteps();
            String wrongAnswer = Long.toString(wrong.get(wrong.size() - 1).result());
            String wrongChecked = SpocFormat.checks(p.steps(), wrong);
            assertThat(wrongChecked).contains(SpocFormat.FIRST_ERROR_PREFIX);
            assertThat(GsrFormat.refinement(p.steps(), List.of(wrong, wrong, p.steps(), wrong)))
                    .isEqualTo(GsrFormat.ANSWERS_PREFIX + wrongAnswer + ", " + wrongAnswer + ", " + answer + ", " + wrongAnswer + ".\n"
                            + GsrFormat.CANDIDATE_PREFIX + "1:\n" + wrongChecked + GsrFormat.CANDIDATE_PREFIX + "2:\n" + wrongChecked
                            + GsrFormat.CANDIDATE_PREFIX + "3:\n" + rightChecked + ChatSolution.answerLine(p.steps()));
            // none right: every candidate checked, then the careful solution
            String none = GsrFormat.refinement(p.steps(), java.util.Collections.nCopies(n, wrong));
            assertThat(none).startsWith(GsrFormat.ANSWERS_PREFIX + String.join(", ", java.util.Collections.nCopies(n, wrongAnswer)) + ".\n")
                    .contains(GsrFormat.CANDIDATE_PREFIX + n + ":\n" + wrongChecked)
                    .endsWith(wrongChecked + ChatSolution.careful(p.steps()));
        }
    }

    @Test
    void theCriticsIndexIsTheSlippedParagraphAndMinusOneForARightSolution() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(6, problems, 25);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            InjectedError e = errors.get(i);
            EngineTranscript t = EngineTranscript.run(DemoFormat.CRITIC, p, CriticFormat.script(p, List.of(e.writtenSteps(), p.steps())));
            assertEnded(t, true);
            List<Verification> v = verifications(t.trace());
            assertThat(v).allSatisfy(x -> assertThat(x.role()).isEqualTo(VerifierRole.CRITIC));
            assertThat(v).extracting(Verification::predictedFirstError).containsExactly(e.stepIndex(), -1);
            assertThat(t.trace().nodes(ErrorLocation.class)).singleElement()
                    .extracting(ErrorLocation::stepIndex).isEqualTo(e.stepIndex());
            assertThat(t.trace().nodes(Correction.class)).hasSize(1);
            // paragraph k of the critique prompt is step k + 1
            String critique = t.examples().get(1).prompt().get(0).content();
            assertThat(critique).contains("<paragraph_" + e.stepIndex() + ">\n" + SpocFormat.STEP_PREFIX + (e.stepIndex() + 1) + ": ");
        }
    }

    @Test
    void superCorrectsTeacherLocatesTheSlipCorrectsItAndTheReattemptIsRight() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(7, problems, 25);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            InjectedError e = errors.get(i);
            EngineTranscript t = EngineTranscript.run(DemoFormat.SUPERCORRECT, p, SuperCorrectFormat.script(p, e.writtenSteps()));
            assertEnded(t, false);
            List<Verification> v = verifications(t.trace());
            assertThat(v).extracting(Verification::role)
                    .containsExactly(VerifierRole.TEACHER, VerifierRole.SELF, VerifierRole.INSPECTOR);
            assertThat(v.get(0).predictedFirstError()).isEqualTo(e.stepIndex());
            assertThat(v.get(1).predictedFirstError()).isEqualTo(e.stepIndex());
            assertThat(v.get(2).verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(t.trace().nodes(ErrorLocation.class)).extracting(ErrorLocation::stepIndex)
                    .containsOnly(e.stepIndex());
            assertThat(t.trace().nodes(Correction.class)).extracting(Correction::guidance)
                    .containsOnly(p.steps().get(e.stepIndex()).text());
            List<Attempt> a = attempts(t.trace());
            assertThat(a).extracting(Attempt::correct).containsExactly(false, true);
            HierarchicalThought student = HierarchicalThought.parse(a.get(0).text());
            assertThat(student.complete()).isTrue();
            assertThat(student.steps()).hasSize(e.writtenSteps().size());
            for (int s = 0; s < student.steps().size(); s++) {
                boolean product = e.writtenSteps().get(s).op() == Operator.MUL;
                if (product) {
                    assertThat(student.steps().get(s).keys()).hasSize(1);
                }
            }
            // the re-attempt copies the student's steps before the wrong one
            HierarchicalThought again = HierarchicalThought.parse(a.get(1).text());
            for (int s = 0; s < e.stepIndex(); s++) {
                assertThat(again.steps().get(s).span().text(a.get(1).text())).isEqualTo(student.steps().get(s).span().text(a.get(0).text()));
            }
            // a right student solution ends the loop at once
            EngineTranscript right = EngineTranscript.run(DemoFormat.SUPERCORRECT, p, SuperCorrectFormat.script(p, p.steps()));
            assertEnded(right, true);
            assertThat(right.examples()).hasSize(1);
        }
    }

    @Test
    void superCorrectEvaluationAnswersInHierarchicalThoughtGradedOnItsAnswer() {
        List<ArithmeticProblem> problems = new ArrayList<>();
        List<InjectedError> errors = slips(8, problems, 10);
        for (int i = 0; i < errors.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            EngineTranscript wrong = EngineTranscript.run(DemoFormat.SUPERCORRECT_EVAL, p,
                    List.of(SuperCorrectFormat.solution(errors.get(i).writtenSteps())));
            assertThat(wrong.outcome().correct()).isFalse();
            EngineTranscript right = EngineTranscript.run(DemoFormat.SUPERCORRECT_EVAL, p, List.of(SuperCorrectFormat.solution(p.steps())));
            assertThat(right.outcome().correct()).isTrue();
            assertThat(right.trace().nodes(Step.class).count()).isEqualTo(p.steps().size());
            assertThat(right.examples().get(0).prompt()).extracting(ChatMessage::role)
                    .containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
        }
    }
}
