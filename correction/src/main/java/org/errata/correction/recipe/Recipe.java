package org.errata.correction.recipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.errata.correction.engine.Knob;
import org.errata.correction.engine.Parsing;
import org.errata.correction.engine.PromptTemplate;
import org.errata.correction.engine.PromptTemplates;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.grading.Grader;
import org.errata.correction.grading.GradingPolicy;
import org.errata.correction.parse.ModelProfile;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.parse.VerdictParsers;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;

/**
 * The whole, resolved description of a run: a name and description, the strategy, and a value
 * for every knob it has, by flat key ({@link #knobs(String)}): the strategy's own knobs by their
 * bare names ({@code max_turns}), then {@code sampling.*}, {@code budgets.*} (per call and per
 * problem), {@code grading.*}, {@code profile.*} (the model profile), {@code runtime.*} (decoding
 * knobs of the runtime) and {@code prompts.NAME} (each prompt's full text). A recipe is stored
 * with its run, and a resumed run uses the stored one.
 *
 * <p>Every change goes through {@link #with}, which checks the key, the value's type and range,
 * and the whole recipe (templates use only known variables, the verdict pattern compiles).
 */
public record Recipe(String name, String description, String strategy, Map<String, Object> values) {

    public static final String SAMPLING = "sampling.";
    public static final String BUDGETS = "budgets.";
    public static final String GRADING = "grading.";
    public static final String PROFILE = "profile.";
    public static final String RUNTIME = "runtime.";
    public static final String PROMPTS = "prompts.";
    /** The sections of a recipe, in file order; the strategy's own knobs come first, under {@code params}. */
    public static final List<String> SECTIONS = List.of("sampling", "budgets", "grading", "profile", "runtime", "prompts");

    public static final Knob TEMPERATURE = Knob.decimal("sampling.temperature", 0, 0, 5, "Sampling temperature (0 = greedy).");
    public static final Knob TOP_K = Knob.integer("sampling.top_k", 0, 0, 1_000_000, "Keep the K most likely tokens (0 = all).");
    public static final Knob TOP_P = Knob.decimal("sampling.top_p", 1, 0, 1, "Nucleus sampling mass (1 = off).");
    public static final Knob MIN_P = Knob.decimal("sampling.min_p", 0, 0, 1, "Drop tokens below min_p times the top probability (0 = off).");
    public static final Knob SEED = Knob.integer("sampling.seed", 1234, 0, Integer.MAX_VALUE, "Sampling seed.");
    public static final Knob TOKENS_PER_CALL = Knob.integer("budgets.tokens_per_call", 1024, 1, 10_000_000,
            "Most tokens one turn writes (one solution or one verification). A single-pass stream of several turns"
            + " (SPOC, S²R) may write this much per turn it allows.");
    public static final Knob TOKENS_PER_PROBLEM = Knob.integer("budgets.tokens_per_problem", 0, 0, Integer.MAX_VALUE,
            "Most completion tokens over all calls of one problem (0 = no limit).");
    public static final Knob TIMEOUT_SECONDS = Knob.integer("budgets.timeout_seconds", 0, 0, Integer.MAX_VALUE,
            "Wall-clock limit per problem in seconds (0 = none).");
    /** The grading section is the {@link GradingPolicy}: one knob per field. */
    public static final Knob RELATIVE_TOLERANCE = Knob.decimal("grading.relative_tolerance",
            GradingPolicy.DEFAULT_RELATIVE_TOLERANCE, 0, GradingPolicy.MAX_RELATIVE_TOLERANCE,
            "Relative tolerance for non-integer answers (0 = exact); integers always compare exactly.");
    public static final Knob CAS = Knob.choice("grading.cas", "on_doubt", List.of("never", "on_doubt", "always"),
            "When the grader consults the computer-algebra checker (on_doubt: when the other checkers disagree"
            + " or all say different).");

    public static final Knob COPYSPEC = Knob.bool("runtime.copyspec", true,
            "Speculative copy decoding (embedded models): draft tokens by copying from the context, checked in one"
            + " pass; the output is the same on or off, only the speed differs (on/off or true/false).");
    public static final Knob COPYSPEC_GAMMA = Knob.integer("runtime.copyspec_gamma", CopySpec.DEFAULT_GAMMA, 1, 64,
            "Tokens that must match earlier in the context before CopySpec copies what followed them.");
    public static final Knob COPYSPEC_MAX_DRAFT = Knob.integer("runtime.copyspec_max_draft", CopySpec.DEFAULT_MAX_DRAFT,
            1, 1024, "Most tokens one CopySpec draft proposes (the draft adapts below this to what was accepted).");

    public static final Knob TOP_LOGPROBS = Knob.integer("runtime.top_logprobs", RuntimeOptions.DEFAULT_TOP_LOGPROBS,
            -1, RuntimeOptions.MAX_TOP_LOGPROBS,
            "Log-probabilities an embedded model records for every token, shown as the token heatmap: -1 none,"
            + " 0 the chosen token's, N and its N most likely alternatives (an HTTP server is asked only where a"
            + " strategy needs them).");

    /**
     * Decoding knobs of the runtime, under {@code runtime.}: how an embedded model decodes, never
     * what it writes. Recorded with the run like every other knob; a resumed run decodes as it began.
     */
    public static final List<Knob> RUNTIME_KNOBS = List.of(COPYSPEC, COPYSPEC_GAMMA, COPYSPEC_MAX_DRAFT, TOP_LOGPROBS);

    public Recipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(strategy, "strategy");
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The strategy's knobs with every default: its own knobs, the bundled prompts, the neutral profile. */
    public static Recipe bare(String strategy) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Knob k : knobs(strategy)) v.put(k.name(), k.defaultValue());
        return new Recipe(strategy, "", strategy, v).checked();
    }

    /** Every knob of a recipe for {@code strategy}, in file order, with their defaults. */
    public static List<Knob> knobs(String strategyId) {
        List<Knob> cached = KNOBS.get(strategyId);
        if (cached != null) return cached;
        List<Knob> built = buildKnobs(strategyId);
        KNOBS.put(strategyId, built);
        return built;
    }

    private static final Map<String, List<Knob>> KNOBS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Knob> buildKnobs(String strategyId) {
        Strategy s = StrategyRegistry.create(strategyId).orElseThrow(() -> new IllegalArgumentException(
                "unknown strategy '" + strategyId + "'; known: " + String.join(", ", StrategyRegistry.ids())));
        List<Knob> out = new ArrayList<>(s.knobs());
        out.addAll(List.of(TEMPERATURE, TOP_K, TOP_P, MIN_P, SEED, TOKENS_PER_CALL, TOKENS_PER_PROBLEM, TIMEOUT_SECONDS,
                RELATIVE_TOLERANCE, CAS));
        out.addAll(profileKnobs(s));
        out.addAll(RUNTIME_KNOBS);
        for (String t : s.allTemplates()) {
            out.add(Knob.text(PROMPTS + t, PromptTemplates.bundled(t), "The full text of prompt " + t + "; placeholders "
                    + String.join(", ", new PromptTemplate(t, PromptTemplates.bundled(t)).variables().stream()
                            .map(x -> "{{" + x + "}}").toList()) + "."));
        }
        return List.copyOf(out);
    }

    private static List<Knob> profileKnobs(Strategy s) {
        return List.of(
                Knob.text("profile.name", "default", "The model profile's name."),
                Knob.list("profile.speaks", List.of(), "The formats the model writes (spoc, s2r, supercorrect, chat)."),
                Knob.choice("profile.segmenter", s.defaultSegmenter(), Segmenters.ids(), "Cuts a solution into steps."),
                Knob.choice("profile.verdict_parser", s.defaultVerdictParser(), VerdictParsers.ids(),
                        "Reads the model's own verdicts."),
                Knob.text("profile.verdict_marker", ModelProfile.DEFAULT_VERDICT_MARKER,
                        "The text before the verdict word that ends a SPOC verification (any case; bold and quotes allowed)."),
                Knob.text("profile.verdict_pattern", "",
                        "A regex for the spoc parser whose group 1 is the verdict word (empty: the marker followed by a word)."),
                Knob.list("profile.yes_words", ModelProfile.DEFAULT_YES, "Verdict words that mean the answer is right."),
                Knob.list("profile.no_words", ModelProfile.DEFAULT_NO, "Verdict words that mean the answer is wrong."),
                Knob.list("profile.stop", List.of(), "Stop strings that end each of the student's calls."),
                Knob.text("profile.chat_template", "",
                        "A Jinja chat template that replaces the model's own (empty: the model's own)."),
                Knob.choice("profile.answer_format", "any", ModelProfile.ANSWER_FORMATS,
                        "any: \\boxed{}, ####, 'The answer is', <Answer>; boxed: only \\boxed{}; answer_tag: only the content of <Answer>."));
    }

    /** The knob with this key; IllegalArgumentException naming the valid keys otherwise. */
    public Knob knob(String key) {
        List<Knob> all = knobs(strategy);
        for (Knob k : all) if (k.name().equals(key)) return k;
        throw new IllegalArgumentException("unknown key '" + key + "'; valid keys: "
                + String.join(", ", all.stream().map(Knob::name).toList()));
    }

    /** A copy with {@code key} set to {@code value} (a number, boolean, string or list, as a file or command line gives it). */
    public Recipe with(String key, Object value) {
        Knob k = knob(key);
        Object v = k.coerce(value);
        if (key.startsWith(PROMPTS)) checkTemplate(key.substring(PROMPTS.length()), (String) v);
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(key, v);
        return new Recipe(name, description, strategy, m).checked();
    }

    public Recipe withName(String n) { return new Recipe(n, description, strategy, values); }
    public Recipe withDescription(String d) { return new Recipe(name, d, strategy, values); }

    /** {@code key=value} pairs applied in order (the command line's {@code --set}). */
    public Recipe withAll(Map<String, ?> sets) {
        Recipe r = this;
        for (Map.Entry<String, ?> e : sets.entrySet()) r = r.with(e.getKey(), e.getValue());
        return r;
    }

    public Object get(String key) {
        Object v = values.get(key);
        if (v == null) knob(key);
        return Objects.requireNonNull(v, key);
    }

    /** The keys whose values differ from the defaults of a bare recipe for the same strategy. */
    public Map<String, Object> changedFrom(Recipe base) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!Objects.equals(base.values.get(e.getKey()), e.getValue())) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    // ---- typed views

    /** The strategy's own knob values (what {@code params} holds in a file). */
    public Map<String, Object> params() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Knob k : StrategyRegistry.knobs(strategy).orElseThrow()) out.put(k.name(), values.get(k.name()));
        return out;
    }

    public Strategy strategyInstance() {
        return StrategyRegistry.create(strategy, params()).orElseThrow();
    }

    public SamplingConfig sampling() {
        return new SamplingConfig(dbl(TEMPERATURE), integer(TOP_K), dbl(TOP_P), dbl(MIN_P), integer(SEED));
    }

    public int tokensPerCall() { return integer(TOKENS_PER_CALL); }
    public int tokensPerProblem() { return integer(TOKENS_PER_PROBLEM); }
    public Duration timeout() { return Duration.ofSeconds(integer(TIMEOUT_SECONDS)); }

    /** The grading section as the policy answers are graded under (and the run records). */
    public GradingPolicy grading() {
        return new GradingPolicy(dbl(RELATIVE_TOLERANCE),
                Grader.Escalation.valueOf(((String) get(CAS.name())).toUpperCase(java.util.Locale.ROOT)));
    }

    @SuppressWarnings("unchecked")
    public ModelProfile profile() {
        String pattern = (String) get("profile.verdict_pattern");
        String template = (String) get("profile.chat_template");
        return new ModelProfile((String) get("profile.name"), (List<String>) get("profile.speaks"),
                (String) get("profile.segmenter"), (String) get("profile.verdict_parser"),
                pattern.isBlank() ? null : pattern, (String) get("profile.verdict_marker"),
                (List<String>) get("profile.yes_words"), (List<String>) get("profile.no_words"),
                (List<String>) get("profile.stop"), template.isBlank() ? null : template,
                (String) get("profile.answer_format"));
    }

    /** Every prompt's full text, by template name. */
    public Map<String, String> prompts() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().startsWith(PROMPTS)) out.put(e.getKey().substring(PROMPTS.length()), (String) e.getValue());
        }
        return out;
    }

    public PromptTemplates templates() {
        PromptTemplates t = PromptTemplates.defaults();
        for (Map.Entry<String, String> e : prompts().entrySet()) t = t.with(e.getKey(), e.getValue());
        return t;
    }

    /** CopySpec as this recipe sets it ({@code runtime.copyspec*}). */
    public CopySpec copySpec() {
        return new CopySpec((Boolean) get(COPYSPEC.name()), integer(COPYSPEC_GAMMA), integer(COPYSPEC_MAX_DRAFT));
    }

    /**
     * How models of a run of this recipe are opened: {@code machine} (device and threads, which
     * belong to the machine, not to the run) with this recipe's decoding knobs.
     */
    public RuntimeOptions runtimeOptions(RuntimeOptions machine) {
        return machine.withCopySpec(copySpec()).withTopLogprobs(integer(TOP_LOGPROBS));
    }

    /** The runtime's decoding knobs ({@code runtime.*}, prefix dropped). */
    public Map<String, Object> runtime() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().startsWith(RUNTIME)) out.put(e.getKey().substring(RUNTIME.length()), e.getValue());
        }
        return out;
    }

    /** How the engine runs this recipe, with {@code concurrency} problems in flight (not part of the recipe: it changes no result). */
    public RunOptions runOptions(int concurrency) {
        ModelProfile p = profile();
        Parsing parsing = Parsing.of(p).withSegmenter(p.segmenter()).withVerdictParser(p.verdictParser());
        return new RunOptions(concurrency, sampling(), tokensPerCall(), tokensPerProblem(), timeout(), parsing,
                templates(), grading());
    }

    /** The knobs of one section ({@code params} for the strategy's own), with their values. */
    public Map<String, Object> section(String section) {
        if (section.equals("params")) return params();
        Map<String, Object> out = new LinkedHashMap<>();
        String prefix = section + ".";
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return out;
    }

    // ---- checks

    private Recipe checked() {
        try {
            profile();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(profileKey(e.getMessage()) + ": " + e.getMessage(), e);
        }
        return this;
    }

    private static String profileKey(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("regex") || m.contains("pattern")) return "profile.verdict_pattern";
        if (m.contains("yes words")) return "profile.yes_words";
        if (m.contains("no words")) return "profile.no_words";
        if (m.contains("marker")) return "profile.verdict_marker";
        if (m.contains("stop")) return "profile.stop";
        return "profile";
    }

    /** A template may use only the variables its strategy fills in (those of the bundled text). */
    private static void checkTemplate(String name, String text) {
        Set<String> known = new PromptTemplate(name, PromptTemplates.bundled(name)).variables();
        for (String v : new PromptTemplate(name, text).variables()) {
            if (!known.contains(v)) {
                throw new IllegalArgumentException("prompt " + name + " uses {{" + v + "}}, which its strategy does not fill in; "
                        + (known.isEmpty() ? "it has no variables" : "known: " + String.join(", ", known.stream()
                        .map(x -> "{{" + x + "}}").toList())));
            }
        }
    }

    /** The knob of this key if it has one. */
    public static Optional<Knob> find(String strategy, String key) {
        return knobs(strategy).stream().filter(k -> k.name().equals(key)).findFirst();
    }

    private int integer(Knob k) { return (Integer) get(k.name()); }
    private double dbl(Knob k) { return ((Number) get(k.name())).doubleValue(); }
}
