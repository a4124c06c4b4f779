package org.errata.app.services.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;

/**
 * Hand-written sample problems and self-refine traces, so the workbench shows something on
 * first start. The texts are written to illustrate the views, they are not a model's output.
 */
public final class SampleLibrary {
    private SampleLibrary() {}

    public static final String DATASET = "sample";
    public static final RunId RUN = new RunId("sample-self-refine");
    public static final String MODEL = "hand-written";

    private static final String SYSTEM = "Please reason step by step, and put your final answer within \\boxed{}.";

    public static Dataset dataset() {
        return new Dataset(DATASET, "builtin", null, problems().size());
    }

    public static List<Problem> problems() {
        return List.of(
                Problem.of(DATASET, "clips",
                        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
                                + "How many clips did Natalia sell altogether in April and May?", "72"),
                Problem.of(DATASET, "sqrt",
                        "Find the value of $x$ such that $\\sqrt{x+7} = 5$.", "18"),
                Problem.of(DATASET, "fractions",
                        "What is $\\frac{1}{2} + \\frac{1}{3}$? Express your answer as a common fraction.",
                        "\\frac{5}{6}"),
                Problem.of(DATASET, "eggs",
                        "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins "
                                + "for her friends every day with four. She sells the remainder at the farmers' market "
                                + "daily for $2 per fresh duck egg. How much in dollars does she make every day?", "18"));
    }

    public static Run run() {
        return new Run(RUN, "Sample: hand-written example traces", DATASET, "self-refine",
                Map.of("max_turns", 3, "stop_on", "verdict"),
                List.of(new ModelRef("student", MODEL, "builtin", null, null, "sample")),
                Map.of("system", SYSTEM,
                        "feedback", "Check the solution above step by step. Is it correct (Yes/No)?",
                        "refine", "Use the feedback to write a corrected solution."),
                new Sampling(0.7, 0, 0.95, 0.0, 1234, 512), false, "sample", null,
                Instant.parse("2025-01-15T09:30:00Z"), RunStatus.FINISHED);
    }

    public static List<Trace> traces() {
        List<Problem> ps = problems();
        return List.of(clips(ps.get(0)), sqrt(ps.get(1)), fractions(ps.get(2)), eggs(ps.get(3)));
    }

    private static String prompt(Problem p) {
        return SYSTEM + "\n\n" + p.text();
    }

    private static Trace clips(Problem p) {
        TraceBuilder b = new TraceBuilder(RUN, p.id(), MODEL);
        Attempt a1 = b.attempt(null, 1, prompt(p),
                "In April Natalia sold 48 clips.\n"
                        + "In May she sold half as many, so $48 / 2 = 24$ clips.\n"
                        + "Altogether she sold $48 + 24 = 62$ clips.\n"
                        + "The answer is $\\boxed{62}$.", "62", false, true);
        Verification v1 = b.verify(a1,
                "Step 1 is correct. Step 2 is correct: half of 48 is 24. Step 3 adds 48 and 24 but writes 62; "
                        + "48 + 24 = 72. Verification: Is the answer correct (Yes/No)? No", Verdict.INCORRECT, 0.08, 2);
        ErrorLocation e1 = b.locate(v1, 2, "The sum 48 + 24 is 72, not 62.", "calculation");
        Correction c1 = b.correct(e1, "Redo the addition in step 3: 48 + 24 = 72.",
                "Altogether she sold $48 + 24 = 72$ clips.");
        Attempt a2 = b.attempt(c1.id(), 2, prompt(p) + "\n\n[previous attempt and feedback]",
                "In April Natalia sold 48 clips.\n"
                        + "In May she sold half as many, so $48 / 2 = 24$ clips.\n"
                        + "Altogether she sold $48 + 24 = 72$ clips.\n"
                        + "The answer is $\\boxed{72}$.", "72", true, true);
        b.verify(a2, "All steps check out: 24 is half of 48 and 48 + 24 = 72. "
                + "Verification: Is the answer correct (Yes/No)? Yes", Verdict.CORRECT, 0.94, -1);
        b.label(a1, "annotator-1", 2, List.of(1, 1, -1), "calculation");
        return b.finish("72", true);
    }

    private static Trace sqrt(Problem p) {
        TraceBuilder b = new TraceBuilder(RUN, p.id(), MODEL);
        Attempt a1 = b.attempt(null, 1, prompt(p),
                "Square both sides: $x + 7 = 25$.\n"
                        + "Subtract 7 from both sides: $x = 18$.\n"
                        + "Check: $\\sqrt{18 + 7} = \\sqrt{25} = 5$.\n"
                        + "So $x = \\boxed{18}$.", "18", true, true);
        b.verify(a1, "Squaring is valid since both sides are non-negative, and the check confirms it. "
                + "Verification: Is the answer correct (Yes/No)? Yes", Verdict.CORRECT, 0.97, -1);
        return b.finish("18", true);
    }

    private static Trace fractions(Problem p) {
        TraceBuilder b = new TraceBuilder(RUN, p.id(), MODEL);
        Attempt a1 = b.attempt(null, 1, prompt(p),
                "Add the numerators and the denominators: $\\frac{1+1}{2+3} = \\frac{2}{5}$.\n"
                        + "So the sum is $\\boxed{\\frac{2}{5}}$.", "\\frac{2}{5}", false, true);
        b.verify(a1, "The fractions were added and simplified. Verification: Is the answer correct (Yes/No)? Yes",
                Verdict.CORRECT, 0.71, -1);
        b.label(a1, "annotator-1", 0, List.of(-1), "algebra");
        return b.finish("\\frac{2}{5}", false);
    }

    private static Trace eggs(Problem p) {
        TraceBuilder b = new TraceBuilder(RUN, p.id(), MODEL);
        Attempt a1 = b.attempt(null, 1, prompt(p),
                "Janet's ducks lay 16 eggs per day.\n"
                        + "She uses $3 + 4 = 7$ eggs every day.\n"
                        + "She sells $16 - 7 = 9$ eggs.\n"
                        + "She makes $9 \\times 2 = 16$ dollars.\n"
                        + "The answer is $\\boxed{16}$.", "16", false, true);
        Verification v1 = b.verify(a1, "Steps 1 to 3 are right. Step 4: 9 times 2 is 18. "
                + "Verification: Is the answer correct (Yes/No)? No", Verdict.INCORRECT, 0.12, 3);
        ErrorLocation e1 = b.locate(v1, 3, "9 x 2 = 18, not 16.", "calculation");
        Correction c1 = b.correct(e1, "Recompute the product in step 4.", "She makes $9 \\times 2 = 18$ dollars.");
        Attempt a2 = b.attempt(c1.id(), 2, prompt(p) + "\n\n[previous attempt and feedback]",
                "Janet's ducks lay 16 eggs per day.\n"
                        + "She eats 3 and bakes with 4, so she uses $3 + 4 = 7$ eggs.\n"
                        + "She sells $16 - 7 = 9$ eggs at $2 each.\n"
                        + "She makes $9 \\times 2 = 18$ dollars every day.\n"
                        + "The answer is $\\boxed{18}$.", "18", true, true);
        b.verify(a2, "Each step is right. Verification: Is the answer correct (Yes/No)? Yes", Verdict.CORRECT, 0.9, -1);
        return b.finish("18", true);
    }
}
