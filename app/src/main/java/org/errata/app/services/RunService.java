package org.errata.app.services;

import java.util.List;
import java.util.Optional;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeException;
import org.errata.correction.recipe.Recipes;

/**
 * Starts self-correction runs. Events reach {@code listener} on the run's own threads, in order
 * per problem; the listener must hand them on quickly (the GUI batches them per frame).
 */
public interface RunService {

    /** Strategy names the launcher offers, e.g. "self-refine". */
    List<String> strategies();

    /** Whether a strategy stops on the gold answer (and so must carry the "uses gold" badge). */
    boolean usesGold(String strategy);

    /** What a run of {@code strategy} starts from when the user sets nothing (its recipe). */
    default Recipe recipe(String strategy) throws RecipeException {
        try {
            return Recipes.builtin(strategy);
        } catch (IllegalArgumentException e) {
            throw new RecipeException(e.getMessage(), e);
        }
    }

    /** The text of problem {@code index} of {@code dataset}, for a prompt preview; empty when there is none. */
    default Optional<String> problemText(String dataset, int index) throws ServiceException {
        return Optional.empty();
    }

    RunHandle start(RunRequest request, LoopListener listener) throws ServiceException;
}
