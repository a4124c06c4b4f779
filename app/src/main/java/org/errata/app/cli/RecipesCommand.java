package org.errata.app.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.errata.app.Version;
import org.errata.app.services.RecipeLibrary;
import org.errata.correction.engine.Knob;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeFiles;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errata recipes list | show ID | export ID --out FILE}: the recipes a run can start from. */
@Command(name = "recipes", description = "Lists, shows and exports recipes: a strategy with every knob, prompt and format.",
        subcommands = {RecipesCommand.ListRecipes.class, RecipesCommand.Show.class, RecipesCommand.Export.class})
public final class RecipesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "list", description = "The built-in recipes and those in your recipe folder.")
    static final class ListRecipes implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            RecipeLibrary library = RecipeLibrary.standard();
            List<RecipeLibrary.Entry> entries = library.list();
            int w = entries.stream().mapToInt(e -> e.id().length()).max().orElse(4);
            for (RecipeLibrary.Entry e : entries) {
                out.printf(Locale.ROOT, "%-" + w + "s  %-12s  %s%n", e.id(), e.strategy(),
                        e.source().equals("built-in") ? e.description() : e.source());
            }
            out.println();
            out.println("your recipe folder: " + library.folder());
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", description = "The knobs of a recipe with their values, ranges and help.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID|FILE") String id;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Recipe r = RecipeLibrary.standard().recipe(id);
            out.println(r.name() + ": " + r.description());
            out.println("strategy: " + r.strategy() + " (writes the " + r.strategyInstance().format() + " format)");
            out.println();
            List<Knob> knobs = Recipe.knobs(r.strategy());
            int w = knobs.stream().filter(k -> !k.name().startsWith(Recipe.PROMPTS)).mapToInt(k -> k.name().length()).max().orElse(8);
            String section = "";
            for (Knob k : knobs) {
                String s = k.name().contains(".") ? k.name().substring(0, k.name().indexOf('.')) : "params";
                if (!s.equals(section)) {
                    out.println(s + ":");
                    section = s;
                }
                Object v = r.get(k.name());
                if (k.name().startsWith(Recipe.PROMPTS)) {
                    String text = (String) v;
                    out.printf(Locale.ROOT, "  %s  (%d characters, %d lines; errata recipes export %s shows it)%n      %s%n",
                            k.name(), text.length(), text.split("\\R", -1).length, id, k.help());
                    continue;
                }
                String value = show(v);
                String dflt = v.equals(k.defaultValue()) ? "" : "  (default " + show(k.defaultValue()) + ")";
                out.printf(Locale.ROOT, "  %-" + w + "s  %s%s%n      %s; %s%n", k.name(), value, dflt, k.help(), k.range());
            }
            out.flush();
            return 0;
        }

        private static String show(Object v) {
            String s = Knob.show(v);
            return s.isEmpty() ? "\"\"" : s.contains("\n") ? s.replace("\n", "\\n") : s;
        }
    }

    @Command(name = "export", description = "Writes a recipe as a file you can edit and run with 'errata run --recipe FILE'.")
    static final class Export implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID|FILE") String id;
        @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: standard output).")
        @Nullable Path out;

        @Override
        public Integer call() throws Exception {
            String text = RecipeFiles.write(RecipeLibrary.standard().recipe(id), Version.version());
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                if (out.getParent() != null) Files.createDirectories(out.getParent());
                Files.writeString(out, text, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("wrote " + out);
                spec.commandLine().getErr().flush();
            }
            return 0;
        }
    }
}
