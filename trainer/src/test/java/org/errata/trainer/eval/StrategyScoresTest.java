package org.errata.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.errata.trainer.data.ArithStep;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.ChatSolution;
import org.errata.trainer.data.CriticFormat;
import org.errata.trainer.data.DemoFormat;
import org.errata.trainer.data.EngineTranscript;
import org.errata.trainer.data.ErrorInjector;
import org.errata.trainer.data.ErrorKind;
import org.errata.trainer.data.GsrFormat;
import org.errata.trainer.data.InjectedError;
import org.errata.trainer.data.SelfRefineFormat;
import org.errata.trainer.data.SuperCorrectFormat;
import org.junit.jupiter.api.Test;

/** The eval-all figures, computed from engine traces whose right values the scripts fix. */
class StrategyScoresTest {

    private final ArithmeticProblem p = ArithmeticProblem.of("(17 + 25) * 3 - 8");
    private final InjectedError slip = ErrorInjector.inject(p, ErrorKind.CARRY_SLIP, 1, new SplittableRandom(1)).orElseThrow();
    private final List<ArithStep> wrong = slip.writtenSteps();

    private StrategyScores.Run run(DemoFormat f, List<String> answers) {
        EngineTranscript t = EngineTranscript.run(f, p, answers);
        return new StrategyScores.Run(p, t.trace(), t.outcome());
    }

    @Test
    void selfRefineFirstFinalAndVerifier() {
        StrategyScores s = StrategyScores.of(DemoFormat.SELF_REFINE, List.of(
                run(DemoFormat.SELF_REFINE, SelfRefineFormat.script(p, List.of(wrong, p.steps()))),
                run(DemoFormat.SELF_REFINE, SelfRefineFormat.script(p, List.of(p.steps())))));
        assertThat(s.first()).isCloseTo(0.5, within(1e-9));
        assertThat(s.fin()).isCloseTo(1.0, within(1e-9));
        assertThat(s.correctToIncorrect()).isZero();
        assertThat(s.verifier()).isCloseTo(1.0, within(1e-9));
        assertThat(s.majority()).isNull();
        String table = StrategyScores.table(List.of(s));
        assertThat(table.lines()).hasSize(3);
        assertThat(table).contains("| self-refine | 2 | 50.0% | 100.0% | +50.0 | 0.0% | 100.0% | 0.0% | - | - | - | - |");
    }

    @Test
    void gsrMajorityAndRefinement() {
        List<List<ArithStep>> candidates = new ArrayList<>(List.of(wrong, wrong, wrong, p.steps()));
        StrategyScores s = StrategyScores.of(DemoFormat.GSR, List.of(run(DemoFormat.GSR, GsrFormat.script(p, candidates))));
        assertThat(s.majority()).isZero();
        assertThat(s.refine()).isEqualTo(1.0);
    }

    @Test
    void criticF1OnItsOwnSolutions() {
        // caught and located; right and passed; wrong but passed (a miss on an erroneous sample)
        List<StrategyScores.Run> runs = List.of(
                run(DemoFormat.CRITIC, CriticFormat.script(p, List.of(wrong, p.steps()))),
                run(DemoFormat.CRITIC, CriticFormat.script(p, List.of(p.steps()))),
                run(DemoFormat.CRITIC, List.of(ChatSolution.of(wrong), CriticFormat.critique(p.steps(), p.steps()))));
        StrategyScores s = StrategyScores.of(DemoFormat.CRITIC, runs);
        // acc_err = 1/2, acc_cor = 1: F1 = 2 * 0.5 / 1.5
        assertThat(s.criticF1()).isCloseTo(2 / 3.0, within(1e-9));
    }

    @Test
    void theTeacherLocatesTheFirstWrongStepOfWrongStudents() {
        StrategyScores s = StrategyScores.of(DemoFormat.SUPERCORRECT, List.of(
                run(DemoFormat.SUPERCORRECT, SuperCorrectFormat.script(p, wrong)),
                run(DemoFormat.SUPERCORRECT, SuperCorrectFormat.script(p, p.steps()))));
        assertThat(s.wrongStudents()).isEqualTo(1);
        assertThat(s.teacherLocated()).isEqualTo(1.0);
        assertThat(s.fin()).isEqualTo(1.0);
    }
}
