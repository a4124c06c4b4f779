package org.errata.correction.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.errata.correction.engine.StrategyRegistry;

/**
 * The built-in recipes, one per strategy: resource files {@code org/errata/correction/recipes/ID.yaml}
 * in the same format a user writes, read over the strategy's bare defaults. They set each
 * paper's format (METHODS.md); the knobs' defaults are the strategy's own.
 */
public final class Recipes {

    private static final String ROOT = "/org/errata/correction/recipes/";
    private static final Map<String, Recipe> BUILT_IN = new ConcurrentHashMap<>();

    private Recipes() {}

    /** The ids of the built-in recipes: one per strategy, named after it. */
    public static List<String> builtinIds() {
        return StrategyRegistry.ids();
    }

    /** The built-in recipe {@code id}; IllegalArgumentException naming the known ids otherwise. */
    public static Recipe builtin(String id) {
        Recipe r = BUILT_IN.get(id);
        if (r != null) return r;
        if (!builtinIds().contains(id)) {
            throw new IllegalArgumentException("no built-in recipe '" + id + "'; known: " + String.join(", ", builtinIds()));
        }
        try {
            r = RecipeFiles.read(builtinText(id), "built-in recipe " + id, strategy -> {
                if (!strategy.equals(id)) throw new IllegalArgumentException("the built-in recipe " + id + " names strategy " + strategy);
                return Recipe.bare(strategy);
            });
        } catch (RecipeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        BUILT_IN.put(id, r);
        return r;
    }

    /** The resource file's text, as shipped. */
    public static String builtinText(String id) {
        try (InputStream in = Recipes.class.getResourceAsStream(ROOT + id + ".yaml")) {
            if (in == null) throw new IllegalArgumentException("no built-in recipe '" + id + "'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in recipe " + id, e);
        }
    }
}
