package org.errata.correction.recipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.errata.correction.engine.Knob;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Recipe files (YAML, read with snakeyaml-engine). A file names its strategy and gives any of
 * its knobs; what it leaves out comes from a base recipe (the built-in recipe of that strategy).
 * Layout, every section optional:
 * <pre>
 * errata_recipe: 1            # the file format; a newer one is refused
 * name: my-spoc
 * description: ...
 * strategy: spoc
 * params:   {max_turns: 3}    # the strategy's own knobs
 * sampling: {temperature: 0}
 * budgets:  {tokens_per_call: 1024, tokens_per_problem: 0, timeout_seconds: 0}
 * grading:  {cas: on_doubt}
 * profile:  {verdict_marker: "Final verdict:", yes_words: [correct]}
 * runtime:  {}                # decoding knobs of the runtime
 * prompts:  {spoc.user: "..."}
 * </pre>
 * Every error names the file, the line and the key. A profile file holds the keys of the
 * {@code profile} section alone.
 */
public final class RecipeFiles {

    /** The recipe file format this build writes and reads. */
    public static final int FORMAT = 1;
    public static final String FORMAT_KEY = "errata_recipe";
    private static final List<String> TOP = List.of(FORMAT_KEY, "errata_version", "name", "description", "strategy",
            "params", "sampling", "budgets", "grading", "profile", "runtime", "prompts");

    private RecipeFiles() {}

    /** Reads {@code file}; its base is the recipe {@code baseFor} gives for the strategy it names. */
    public static Recipe read(Path file, Function<String, Recipe> baseFor) throws RecipeException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecipeException(file + ": cannot read: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new RecipeException(file + ": cannot read: " + e.getMessage(), e);
        }
        return read(text, file.toString(), baseFor);
    }

    /** Reads recipe {@code text}; {@code source} names it in errors. */
    public static Recipe read(String text, String source, Function<String, Recipe> baseFor) throws RecipeException {
        MappingNode root = root(text, source);
        Map<String, NodeTuple> top = new LinkedHashMap<>();
        for (NodeTuple t : root.getValue()) {
            String key = scalarKey(t.getKeyNode(), source);
            if (!TOP.contains(key)) {
                throw new RecipeException(at(source, t.getKeyNode()) + "unknown key '" + key + "'; valid keys: "
                        + String.join(", ", TOP));
            }
            top.put(key, t);
        }
        NodeTuple format = top.get(FORMAT_KEY);
        if (format != null) {
            String f = scalar(format.getValueNode(), source, FORMAT_KEY);
            int n;
            try {
                n = Integer.parseInt(f.strip());
            } catch (NumberFormatException e) {
                throw new RecipeException(at(source, format.getValueNode()) + FORMAT_KEY + ": must be a whole number, not '" + f + "'");
            }
            if (n > FORMAT) {
                NodeTuple v = top.get("errata_version");
                String by = v == null ? "a newer Errata" : "Errata " + scalar(v.getValueNode(), source, "errata_version");
                throw new RecipeException(source + ": written by " + by + " (recipe format " + n
                        + "); this Errata reads recipe format " + FORMAT + " and older: update Errata to use it");
            }
        }
        NodeTuple strategyTuple = top.get("strategy");
        if (strategyTuple == null) throw new RecipeException(source + ": no 'strategy:'; a recipe names its strategy");
        String strategy = scalar(strategyTuple.getValueNode(), source, "strategy").strip();
        Recipe r;
        try {
            r = baseFor.apply(strategy);
        } catch (IllegalArgumentException e) {
            throw new RecipeException(at(source, strategyTuple.getValueNode()) + "strategy: " + e.getMessage(), e);
        }
        if (top.containsKey("name")) r = r.withName(scalar(top.get("name").getValueNode(), source, "name"));
        if (top.containsKey("description")) {
            r = r.withDescription(scalar(top.get("description").getValueNode(), source, "description"));
        }
        for (String section : List.of("params", "sampling", "budgets", "grading", "profile", "runtime", "prompts")) {
            NodeTuple t = top.get(section);
            if (t != null) r = applySection(r, section, t.getValueNode(), source);
        }
        return r;
    }

    /** {@code recipe} with the profile in {@code file} (the keys of a recipe's {@code profile} section). */
    public static Recipe applyProfile(Recipe recipe, Path file) throws RecipeException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecipeException(file + ": cannot read: " + e.getMessage(), e);
        }
        MappingNode root = root(text, file.toString());
        return applySection(recipe, "profile", root, file.toString());
    }

    private static MappingNode root(String text, String source) throws RecipeException {
        Optional<Node> node;
        try {
            node = new Compose(LoadSettings.builder().setLabel(source).build()).composeString(text);
        } catch (YamlEngineException e) {
            throw new RecipeException(source + ": not valid YAML: " + oneLine(e.getMessage()), e);
        }
        if (node.isEmpty() || !(node.get() instanceof MappingNode m)) {
            throw new RecipeException(source + ": a recipe file is a YAML mapping of keys to values");
        }
        return m;
    }

    private static Recipe applySection(Recipe r, String section, Node node, String source) throws RecipeException {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) return r;
        if (!(node instanceof MappingNode m)) {
            throw new RecipeException(at(source, node) + section + ": must be a mapping of keys to values");
        }
        String prefix = section.equals("params") ? "" : section + ".";
        List<String> valid = Recipe.knobs(r.strategy()).stream().map(Knob::name)
                .filter(k -> section.equals("params") ? !k.contains(".") : k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).toList();
        for (NodeTuple t : m.getValue()) {
            String key = scalarKey(t.getKeyNode(), source);
            String flat = prefix + key;
            if (!valid.contains(key)) {
                throw new RecipeException(at(source, t.getKeyNode()) + flat + ": unknown key in " + section + "; valid keys: "
                        + (valid.isEmpty() ? "none" : String.join(", ", valid)));
            }
            Object value = value(t.getValueNode(), source, flat);
            try {
                r = r.with(flat, value);
            } catch (IllegalArgumentException e) {
                throw new RecipeException(at(source, t.getValueNode()) + flat + ": " + e.getMessage(), e);
            }
        }
        return r;
    }

    private static Object value(Node node, String source, String key) throws RecipeException {
        if (node instanceof ScalarNode s) return s.getTag().equals(Tag.NULL) ? "" : s.getValue();
        if (node instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node n : seq.getValue()) out.add(scalar(n, source, key));
            return out;
        }
        throw new RecipeException(at(source, node) + key + ": must be a value or a list, not a mapping");
    }

    private static String scalarKey(Node node, String source) throws RecipeException {
        if (node instanceof ScalarNode s) return s.getValue();
        throw new RecipeException(at(source, node) + "a key must be plain text");
    }

    private static String scalar(Node node, String source, String key) throws RecipeException {
        if (node instanceof ScalarNode s) return s.getTag().equals(Tag.NULL) ? "" : s.getValue();
        throw new RecipeException(at(source, node) + key + ": must be a single value");
    }

    /** "FILE:LINE: " (1-based line). */
    private static String at(String source, Node node) {
        Optional<Mark> mark = node.getStartMark();
        return source + (mark.isPresent() ? ":" + (mark.get().getLine() + 1) : "") + ": ";
    }

    private static String oneLine(@Nullable String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    // ---- writing

    /** The whole recipe as a file: every knob, every prompt's full text. Reading it back gives the same recipe. */
    public static String write(Recipe r, String erratVersion) {
        List<NodeTuple> top = new ArrayList<>();
        top.add(entry(FORMAT_KEY, scalar(FORMAT)));
        top.add(entry("errata_version", text(erratVersion)));
        top.add(entry("name", text(r.name())));
        top.add(entry("description", text(r.description())));
        top.add(entry("strategy", text(r.strategy())));
        top.add(entry("params", mapping(r.params())));
        for (String section : Recipe.SECTIONS) top.add(entry(section, mapping(r.section(section))));
        MappingNode root = new MappingNode(Tag.MAP, top, FlowStyle.BLOCK);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(100_000)
                .setSplitLines(false).setIndent(2).build();
        StringBuilder out = new StringBuilder();
        StreamDataWriter writer = new StreamDataWriter() {
            @Override public void write(String s) { out.append(s); }
            @Override public void write(String s, int off, int len) { out.append(s, off, off + len); }
        };
        new Dump(settings).dumpNode(root, writer);
        return out.toString();
    }

    private static NodeTuple entry(String key, Node value) {
        return new NodeTuple(new ScalarNode(Tag.STR, key, ScalarStyle.PLAIN), value);
    }

    private static Node mapping(Map<String, Object> values) {
        List<NodeTuple> tuples = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) tuples.add(entry(e.getKey(), node(e.getValue())));
        return new MappingNode(Tag.MAP, tuples, tuples.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK);
    }

    private static Node node(Object v) {
        if (v instanceof List<?> l) {
            List<Node> items = new ArrayList<>();
            for (Object o : l) items.add(text(String.valueOf(o)));
            return new SequenceNode(Tag.SEQ, items, FlowStyle.FLOW);
        }
        if (v instanceof String s) return text(s);
        return scalar(v);
    }

    private static Node scalar(Object v) {
        Tag tag = v instanceof Boolean ? Tag.BOOL : v instanceof Double || v instanceof Float ? Tag.FLOAT : Tag.INT;
        return new ScalarNode(tag, String.valueOf(v), ScalarStyle.PLAIN);
    }

    private static Node text(String s) {
        return new ScalarNode(Tag.STR, s, s.contains("\n") ? ScalarStyle.LITERAL : ScalarStyle.PLAIN);
    }
}
