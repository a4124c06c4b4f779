package org.errata.trainer.data;

import java.util.List;
import java.util.Locale;

/**
 * The formats the demo model is trained to speak, one per built-in recipe it serves. Each names
 * its recipe; the engine runs that recipe to render the prompts of its training examples.
 */
public enum DemoFormat {
    SPOC("spoc"),
    S2R(S2rFormat.RECIPE),
    SELF_REFINE(SelfRefineFormat.RECIPE),
    INTRINSIC(IntrinsicFormat.RECIPE),
    SCORE(ScoreFormat.RECIPE),
    GSR(GsrFormat.RECIPE),
    CRITIC(CriticFormat.RECIPE),
    SUPERCORRECT(SuperCorrectFormat.RECIPE),
    SUPERCORRECT_EVAL(SuperCorrectFormat.EVAL_RECIPE);

    private final String recipe;

    DemoFormat(String recipe) {
        this.recipe = recipe;
    }

    /** The id of the built-in recipe whose prompts this format answers (also its name on the command line). */
    public String recipe() {
        return recipe;
    }

    /** The answers of one trace of this format, in the order the engine makes its calls ({@code candidates}: GSR's N). */
    List<String> answers(ArithmeticProblem problem, Slips slips, int candidates) {
        return switch (this) {
            case SPOC -> throw new IllegalStateException("SPOC traces are made by SpocTrace");
            case S2R -> S2rFormat.answers(problem, slips);
            case SELF_REFINE -> SelfRefineFormat.answers(problem, slips);
            case INTRINSIC -> IntrinsicFormat.answers(problem, slips);
            case SCORE -> ScoreFormat.answers(problem, slips);
            case GSR -> GsrFormat.answers(problem, slips, candidates);
            case CRITIC -> CriticFormat.answers(problem, slips);
            case SUPERCORRECT -> SuperCorrectFormat.answers(problem, slips);
            case SUPERCORRECT_EVAL -> SuperCorrectFormat.evalAnswers(problem, slips);
        };
    }

    /**
     * Which of a trace's calls, in the engine's order, become training examples: every one, except
     * for SCoRe and GSR, whose first calls are the plain {@code solve.user} solution that every chat
     * format trains already; they keep only their own last call (SCoRe's revision, GSR's refinement),
     * which would otherwise be one example of two and one of five.
     */
    public <T> List<T> trained(List<T> calls) {
        return switch (this) {
            case SCORE, GSR -> calls.subList(calls.size() - 1, calls.size());
            default -> calls;
        };
    }

    public static DemoFormat byRecipe(String id) {
        for (DemoFormat f : values()) {
            if (f.recipe.equals(id.strip().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("no demo format for '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(DemoFormat::recipe).toList());
    }
}
