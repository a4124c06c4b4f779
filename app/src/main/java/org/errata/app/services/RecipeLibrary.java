package org.errata.app.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeException;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.jspecify.annotations.Nullable;

/**
 * Where recipes come from: the built-in one of each strategy, the user's recipe folder
 * ({@code $XDG_CONFIG_HOME/errata/recipes}, else {@code ~/.config/errata/recipes}; the
 * {@code errata.recipes.dir} property overrides both), and any file on disk. A file in the folder
 * named after a strategy ({@code spoc.yaml}) replaces that strategy's built-in recipe: it is what
 * a run of the strategy starts from when the user sets nothing else. Every file is read over the
 * built-in recipe of the strategy it names.
 */
public final class RecipeLibrary {

    public static final String DIR_PROPERTY = "errata.recipes.dir";

    /** One recipe the library offers. */
    public record Entry(String id, String strategy, String source, String description) {}

    private final Path folder;

    public RecipeLibrary(Path folder) {
        this.folder = folder;
    }

    /** The user's folder as the environment says. */
    public static RecipeLibrary standard() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) return new RecipeLibrary(Path.of(dir));
        return new RecipeLibrary(defaultFolder(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** {@code $XDG_CONFIG_HOME/errata/recipes} (when absolute), else {@code HOME/.config/errata/recipes}. */
    public static Path defaultFolder(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("errata").resolve("recipes");
    }

    public Path folder() {
        return folder;
    }

    /** The built-in recipes, then the user's files (a user file named after a strategy listed in its place). */
    public List<Entry> list() throws RecipeException {
        List<Entry> out = new ArrayList<>();
        List<Path> files = userFiles();
        for (String id : Recipes.builtinIds()) {
            Path own = folder.resolve(id + ".yaml");
            if (files.contains(own)) {
                Recipe r = read(own);
                out.add(new Entry(id, r.strategy(), own.toString(), r.description()));
            } else {
                Recipe r = Recipes.builtin(id);
                out.add(new Entry(id, r.strategy(), "built-in", r.description()));
            }
        }
        for (Path f : files) {
            String id = id(f);
            if (Recipes.builtinIds().contains(id)) continue;
            Recipe r = read(f);
            out.add(new Entry(id, r.strategy(), f.toString(), r.description()));
        }
        return out;
    }

    /**
     * The recipe {@code idOrFile}: a file on disk, else {@code ID.yaml} in the user's folder, else
     * the built-in recipe {@code ID}.
     */
    public Recipe recipe(String idOrFile) throws RecipeException {
        Path asFile = Path.of(idOrFile);
        if ((idOrFile.contains("/") || idOrFile.endsWith(".yaml") || idOrFile.endsWith(".yml")) && Files.isRegularFile(asFile)) {
            return read(asFile);
        }
        Path own = folder.resolve(idOrFile + ".yaml");
        if (Files.isRegularFile(own)) return read(own);
        if (Recipes.builtinIds().contains(idOrFile)) return Recipes.builtin(idOrFile);
        throw new RecipeException("no recipe '" + idOrFile + "' (not a file, not in " + folder + "); known: "
                + String.join(", ", list().stream().map(Entry::id).toList()));
    }

    /** What a run of {@code strategy} starts from: the user's {@code STRATEGY.yaml}, else the built-in recipe. */
    public Recipe forStrategy(String strategy) throws RecipeException {
        Path own = folder.resolve(strategy + ".yaml");
        if (Files.isRegularFile(own)) {
            Recipe r = read(own);
            if (!r.strategy().equals(strategy)) {
                throw new RecipeException(own + ": names strategy " + r.strategy() + ", but its file name says " + strategy);
            }
            return r;
        }
        try {
            return Recipes.builtin(strategy);
        } catch (IllegalArgumentException e) {
            throw new RecipeException(e.getMessage(), e);
        }
    }

    /** Reads a recipe file over the built-in recipe of the strategy it names. */
    public static Recipe read(Path file) throws RecipeException {
        return RecipeFiles.read(file, Recipes::builtin);
    }

    private List<Path> userFiles() throws RecipeException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new RecipeException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String id(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.length() - ".yaml".length());
    }

    /** The recipe's base for a new run: {@code recipe} when given, else what {@code strategy} starts from. */
    public Recipe base(@Nullable Recipe recipe, String strategy) throws RecipeException {
        return recipe != null ? recipe : forStrategy(strategy);
    }
}
