package org.errata.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceGeneratorTest {

    @Test
    void sameSeedSameTracesOtherSeedOtherTraces() {
        List<String> a = texts(new TraceGenerator(42, 0.4, Set.of()), 200);
        List<String> b = texts(new TraceGenerator(42, 0.4, Set.of()), 200);
        List<String> c = texts(new TraceGenerator(43, 0.4, Set.of()), 200);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static List<String> texts(TraceGenerator g, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SpocTrace t = g.next();
            out.add(t.userMessage() + "|" + t.assistantMessage());
        }
        return out;
    }

    @Test
    void expressionsFollowPrecedenceAndParentheses() {
        assertThat(Expressions.steps("86 + 2 * 5 - 4")).extracting(ArithStep::text)
                .containsExactly("2 * 5 = 10", "86 + 10 = 96", "96 - 4 = 92");
        assertThat(Expressions.steps("(46 + (227 - 31)) * 3")).extracting(ArithStep::text)
                .containsExactly("227 - 31 = 196", "46 + 196 = 242", "242 * 3 = 726");
        assertThat(Expressions.steps("50 - 20 - 5")).extracting(ArithStep::text)
                .containsExactly("50 - 20 = 30", "30 - 5 = 25");
    }

    @Test
    void generatedProblemsStayInRangeAndStepsHold() {
        ProblemGenerator g = new ProblemGenerator(5);
        for (int i = 0; i < 2000; i++) {
            ArithmeticProblem p = g.next();
            assertThat(p.steps()).hasSizeBetween(2, 3);
            for (ArithStep s : p.steps()) {
                assertThat(s.arithmeticHolds()).isTrue();
                assertThat(s.result()).isBetween(0L, 999L);
                long small = Math.min(s.left(), s.right());
                long large = Math.max(s.left(), s.right());
                if (s.op() == Operator.MUL) {
                    assertThat(small).isLessThanOrEqualTo(9);
                    assertThat(large).isLessThanOrEqualTo(99);
                } else {
                    assertThat(small).isLessThanOrEqualTo(99);
                }
            }
            assertThat(p.gsm8kAnswer()).endsWith("#### " + p.answer());
        }
    }

    @Test
    void injectedStepIsTheFirstWrongOneAndTheAnswerIsWrong() {
        ProblemGenerator g = new ProblemGenerator(11);
        SplittableRandom r = new SplittableRandom(3);
        Map<ErrorKind, Integer> seen = new EnumMap<>(ErrorKind.class);
        for (int i = 0; i < 2000; i++) {
            ArithmeticProblem p = g.next();
            InjectedError e = ErrorInjector.inject(p, r).orElse(null);
            if (e == null) {
                continue;
            }
            seen.merge(e.kind(), 1, Integer::sum);
            List<ArithStep> w = e.writtenSteps();
            // every step before the slip is exactly the correct one
            for (int k = 0; k < e.stepIndex(); k++) {
                assertThat(w.get(k)).isEqualTo(p.steps().get(k));
            }
            assertThat(w.get(e.stepIndex())).isNotEqualTo(p.steps().get(e.stepIndex()));
            assertThat(e.writtenAnswer()).isNotEqualTo(p.answer());
            switch (e.kind()) {
                case CARRY_SLIP, DIGIT_SWAP -> assertThat(w.get(e.stepIndex()).arithmeticHolds()).isFalse();
                case WRONG_OPERAND -> {
                    assertThat(w.get(e.stepIndex()).arithmeticHolds()).isTrue();
                    assertThat(w.get(e.stepIndex()).right()).isNotEqualTo(p.steps().get(e.stepIndex()).right());
                }
                case DROPPED_TERM -> assertThat(w).hasSize(p.steps().size() - 1);
            }
            // after the slip the written solution is internally consistent: each step's arithmetic holds
            for (int k = e.stepIndex() + 1; k < w.size(); k++) {
                assertThat(w.get(k).arithmeticHolds()).isTrue();
            }
            // and every written step keeps to the learnable shapes of the correct ones
            assertThat(w).allSatisfy(s -> assertThat(ProblemGenerator.local(s)).isTrue());
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(ErrorKind.values());
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    }

    @Test
    void correctedTraceNamesTheSlippedStepAndEndsWithARightSolution() {
        TraceGenerator g = new TraceGenerator(9, 1.0, Set.of());
        int corrected = 0;
        for (int i = 0; i < 300; i++) {
            SpocTrace t = g.next();
            if (t.error() == null) {
                continue;
            }
            corrected++;
            List<String> m = t.messages();
            assertThat(m).hasSize(4);
            assertThat(m.get(1)).contains("The first error is in step " + (t.error().stepIndex() + 1) + ".")
                    .endsWith(SpocFormat.VERDICT_PREFIX + "No");
            assertThat(m.get(1)).containsOnlyOnce(SpocFormat.WRONG_MARK);
            assertThat(m.get(2)).endsWith("\\boxed{" + t.problem().answer() + "}.");
            assertThat(m.get(3)).endsWith(SpocFormat.VERDICT_PREFIX + "Yes").doesNotContain(SpocFormat.WRONG_MARK);
            assertThat(m.get(0)).endsWith("\\boxed{" + t.error().writtenAnswer() + "}.");
        }
        assertThat(corrected).isGreaterThan(250);
    }

    @Test
    void scoreAndGsrDrawsTrainOnlyTheirOwnLastCallOthersEveryCall() {
        for (DemoFormat f : List.of(DemoFormat.SCORE, DemoFormat.GSR, DemoFormat.CRITIC)) {
            TraceGenerator g = new TraceGenerator(3, 0.5, 0.3, FormatMixture.parse(f.recipe()), Set.of());
            for (int i = 0; i < 20; i++) {
                List<ChatExample> examples = g.nextExamples();
                switch (f) {
                    case SCORE -> assertThat(examples).singleElement()
                            .satisfies(e -> assertThat(e.completion()).startsWith(SpocFormat.CHECK_PREFIX));
                    case GSR -> assertThat(examples).singleElement()
                            .satisfies(e -> assertThat(e.completion()).startsWith(GsrFormat.ANSWERS_PREFIX));
                    default -> assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
                }
            }
        }
    }

    @Test
    void heldOutExpressionsAreNeverGenerated() {
        Set<String> first = Set.copyOf(texts(new TraceGenerator(1, 0, Set.of()), 300).stream()
                .map(s -> s.substring(SpocFormat.QUESTION_PREFIX.length(), s.indexOf("?|")))
                .toList());
        TraceGenerator g = new TraceGenerator(1, 0, first);
        for (int i = 0; i < 300; i++) {
            assertThat(first).doesNotContain(g.next().problem().expression());
        }
    }

    @Test
    void columnsWorkTheDigitsLeastSignificantFirst() {
        assertThat(SpocFormat.columns(ArithStep.computed(386, Operator.ADD, 57)))
                .isEqualTo("386+057: 6+7+0=3c1 8+5+1=4c1 3+0+1=4c0 = 443");
        assertThat(SpocFormat.columns(ArithStep.computed(302, Operator.SUB, 47)))
                .isEqualTo("302-047: 2-7-0=5b1 0-4-1=5b1 3-0-1=2b0 = 255");
        assertThat(SpocFormat.columns(ArithStep.computed(7, Operator.MUL, 46)))
                .isEqualTo("046*7: 6*7=42+0=2c4 4*7=28+4=2c3 0*7=00+3=3c0 = 322");
        assertThat(SpocFormat.columns(ArithStep.computed(9, Operator.SUB, 9)))
                .isEqualTo("009-009: 9-9-0=0b0 0-0-0=0b0 0-0-0=0b0 = 0");
    }

    @Test
    void columnsOfEveryGeneratedStepReadBackToItsOperandsAndValue() {
        ProblemGenerator g = new ProblemGenerator(21);
        java.util.regex.Pattern column = java.util.regex.Pattern.compile("(\\d)([+*-])(\\d)(?:=(\\d\\d))?([+-])(\\d)=(\\d)([cb])(\\d)");
        for (int i = 0; i < 500; i++) {
            for (ArithStep s : g.next().steps()) {
                String line = SpocFormat.columns(s);
                java.util.regex.Matcher m = column.matcher(line);
                long value = 0;
                long place = 1;
                long carry = 0;
                int columns = 0;
                while (m.find()) {
                    int x = Integer.parseInt(m.group(1));
                    int y = Integer.parseInt(m.group(3));
                    int c = Integer.parseInt(m.group(6));
                    int d = Integer.parseInt(m.group(7));
                    int out = Integer.parseInt(m.group(9));
                    assertThat(m.group(4) != null).as("a table product in %s", m.group()).isEqualTo(m.group(2).equals("*"));
                    if (m.group(4) != null) {
                        assertThat(Integer.parseInt(m.group(4))).as("product in %s", m.group()).isEqualTo(x * y);
                    }
                    assertThat(c).as("carry in of %s", line).isEqualTo(carry);
                    long lhs = switch (m.group(2)) {
                        case "+" -> x + y + c;
                        case "-" -> x - y - c;
                        default -> (long) x * y + c;
                    };
                    long rhs = m.group(2).equals("-") ? d - 10L * out : d + 10L * out;
                    assertThat(lhs).as("column %s of %s", m.group(), line).isEqualTo(rhs);
                    value += d * place;
                    place *= 10;
                    carry = out;
                    columns++;
                }
                assertThat(columns).isEqualTo(SpocFormat.COLUMNS);
                assertThat(value).isEqualTo(s.result());
                assertThat(line).endsWith(" = " + s.result());
            }
        }
    }

    @Test
    void aSecondSlipComesAtTheNamedStepOrLaterAndTheThirdSolutionIsRight() {
        TraceGenerator g = new TraceGenerator(4, 1.0, 1.0, Set.of());
        int twice = 0;
        for (int i = 0; i < 300; i++) {
            SpocTrace t = g.next();
            List<String> m = t.messages();
            if (m.size() != 6) {
                continue;
            }
            twice++;
            int first = Integer.parseInt(m.get(1).replaceAll("(?s).*The first error is in step (\\d+)\\..*", "$1"));
            int second = Integer.parseInt(m.get(3).replaceAll("(?s).*The first error is in step (\\d+)\\..*", "$1"));
            assertThat(first).isEqualTo(t.error().stepIndex() + 1);
            assertThat(second).isGreaterThanOrEqualTo(first);
            assertThat(m.get(3)).endsWith(SpocFormat.VERDICT_PREFIX + "No");
            assertThat(m.get(4)).endsWith("\\boxed{" + t.problem().answer() + "}.");
            assertThat(m.get(5)).endsWith(SpocFormat.VERDICT_PREFIX + "Yes");
        }
        assertThat(twice).isGreaterThan(200);
    }
}
