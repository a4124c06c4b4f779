/**
 * Recipes: the whole, resolved description of a run (strategy and its knobs, every prompt's
 * full text, the model profile, budgets per call and per problem, sampling, grading policy and
 * runtime knobs), as a value ({@link org.errata.correction.recipe.Recipe}) and as a YAML file a
 * person edits ({@link org.errata.correction.recipe.RecipeFiles}). The built-in recipe of each
 * strategy is a resource file read the same way ({@link org.errata.correction.recipe.Recipes}).
 */
@NullMarked
package org.errata.correction.recipe;

import org.jspecify.annotations.NullMarked;
