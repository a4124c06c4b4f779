package org.errata.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.ErrorInjector;
import org.errata.trainer.data.ErrorKind;
import org.errata.trainer.data.InjectedError;
import org.errata.trainer.data.SpocTrace;
import org.junit.jupiter.api.Test;

class DemoEvaluatorTest {

    private final ArithmeticProblem p = ArithmeticProblem.of("(17 + 25) * 3 - 8");

    @Test
    void scoresSelfCorrectionAndVerifierFromTraces() {
        InjectedError slip = ErrorInjector.inject(p, ErrorKind.CARRY_SLIP, 1, new SplittableRandom(1)).orElseThrow();
        // problem 1: wrong, caught at the right step, corrected. problem 2: right, accepted.
        String corrected = SpocTrace.corrected(p, slip).assistantMessage();
        String right = SpocTrace.correct(p).assistantMessage();
        // problem 3: wrong first attempt wrongly accepted (the verifier text says Yes)
        String missed = SpocTrace.corrected(p, slip).messages().get(0) + "\n\n" + SpocTrace.correct(p).messages().get(1);
        // problem 4: right first attempt wrongly rejected, then a wrong "correction" accepted
        String broken = right.replace("? Yes", "? No") + "\n\n" + SpocTrace.corrected(p, slip).messages().get(0)
                + "\n\nVerification: Is the answer correct (Yes/No)? Yes";
        DemoEvaluator.Report r = DemoEvaluator.score(List.of(p, p, p, p), List.of(corrected, right, missed, broken), 3);
        assertThat(r.firstAccuracy()).isCloseTo(0.5, within(1e-9));
        assertThat(r.finalAccuracy()).isCloseTo(0.5, within(1e-9));
        assertThat(r.deltaIncorrectToCorrect()).isCloseTo(0.25, within(1e-9));
        assertThat(r.deltaCorrectToIncorrect()).isCloseTo(0.25, within(1e-9));
        // verifications: corrected (No ok, Yes ok), right (Yes ok), missed (Yes wrong), broken (No wrong, Yes wrong)
        assertThat(r.verifications()).isEqualTo(6);
        assertThat(r.verifierAccuracy()).isCloseTo(3 / 6.0, within(1e-9));
        // wrong attempts: corrected#1 (step named 2 = truth), missed#1 (no step named), broken#2 (none)
        assertThat(r.wrongAttempts()).isEqualTo(3);
        assertThat(r.firstErrorStepAccuracy()).isCloseTo(1 / 3.0, within(1e-9));
    }

    @Test
    void readsTurnsAndStopsAtTheFirstYesOrAtMaxTurns() {
        InjectedError slip = ErrorInjector.inject(p, ErrorKind.DIGIT_SWAP, 0, new SplittableRandom(2)).orElseThrow();
        String no = SpocTrace.corrected(p, slip).messages().get(0) + "\n\n" + SpocTrace.corrected(p, slip).messages().get(1);
        String text = no + "\n\n" + no + "\n\n" + no + "\n\n" + SpocTrace.correct(p).assistantMessage();
        assertThat(SpocReading.read(text, 3)).hasSize(3).allSatisfy(t -> assertThat(t.verdict()).isEqualTo(SpocReading.Verdict.NO));
        List<SpocReading.Turn> all = SpocReading.read(text, 10);
        assertThat(all).hasSize(4);
        assertThat(all.get(3).verdict()).isEqualTo(SpocReading.Verdict.YES);
        assertThat(all.get(3).answer().getAsLong()).isEqualTo(p.answer());
        assertThat(all.get(0).namedStep().getAsInt()).isEqualTo(1);
    }
}
