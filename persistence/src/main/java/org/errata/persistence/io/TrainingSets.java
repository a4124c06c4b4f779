package org.errata.persistence.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.training.DirectTraining;
import org.errata.correction.training.PreferencePair;
import org.errata.correction.training.StepLabels;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;

/**
 * Training sets from a run's traces (METHODS.md section D), as JSON-ready maps, one per line.
 * Which traces give which items is the run's strategy's rule ({@link Strategy#trainingData()};
 * runs of no known strategy, such as imports, follow {@link DirectTraining}); this class only
 * puts the items into each trainer's shape. Every line has an {@code id}: the problem id, plus a
 * suffix when one trace gives several lines.
 * <ul>
 *   <li>{@code trl-sft}: the strategy's SFT items as they are.</li>
 *   <li>{@code trl-dpo} / {@code openrlhf-dpo}: the strategy's preference pairs, conversational
 *       for TRL, plain strings for OpenRLHF ({@code --prompt_key prompt --chosen_key chosen --rejected_key rejected}).</li>
 *   <li>{@code trl-prm} / {@code openrlhf-prm}: the strategy's step labels, truncated after the first error.</li>
 *   <li>{@code trl-sft-partial}, {@code rewards}: the strategy's partial trajectories and reward lines (S²R, SPOC).</li>
 *   <li>{@code spoc-pairsft}: SPOC's PairSFT rules applied to any run (streams, and independent self-checked samples).</li>
 * </ul>
 */
public final class TrainingSets {
    /** The placeholder OpenRLHF's PRM trainer reads labels at (Math-Shepherd's step tag). */
    public static final String PRM_PLACEHOLDER = "ки";

    private TrainingSets() {}

    /**
     * The training-set rules of the run's strategy, with the knobs the run was made with (its
     * stored recipe; the strategy's defaults for a run stored without one), so that an item's
     * prompt is the one the model was given.
     */
    static TrainingData rules(Run run) {
        Optional<Strategy> strategy = Optional.empty();
        if (run.recipe() != null) {
            try {
                strategy = Optional.of(org.errata.correction.recipe.RecipeFiles.read(run.recipe(),
                        "the recipe of run " + run.id(), org.errata.correction.recipe.Recipes::builtin).strategyInstance());
            } catch (org.errata.correction.recipe.RecipeException | RuntimeException unreadable) {
                // a recipe this version cannot read: the strategy's own defaults
            }
        }
        if (strategy.isEmpty()) strategy = StrategyRegistry.create(run.strategy());
        return strategy.map(Strategy::trainingData).orElse(DirectTraining.INSTANCE);
    }

    /** SPOC's rules, which make PairSFT from any run's streams and self-checked samples. */
    private static TrainingData spoc() {
        return StrategyRegistry.create("spoc").map(Strategy::trainingData).orElseThrow();
    }

    public static List<Map<String, Object>> lines(ExportFormat format, Run run, List<Trace> traces,
                                                  Function<ProblemId, Optional<Problem>> problems) {
        return trainingLines(format, run, traces, problems).stream().map(TrainingLine::map).toList();
    }

    /** The lines with their sidecar records (where a rule gives one). */
    static List<TrainingLine> trainingLines(ExportFormat format, Run run, List<Trace> traces,
                                            Function<ProblemId, Optional<Problem>> problems) {
        TrainingData rules = rules(run);
        List<TrainingLine> out = new ArrayList<>();
        for (Trace t : traces) {
            TrainingInput in = new TrainingInput(run, t, problems.apply(t.problem()).map(Problem::text).orElse(""));
            switch (format) {
                case TRL_SFT -> out.addAll(rules.sft(in));
                case TRL_SFT_PARTIAL -> out.addAll(rules.partial(in));
                case REWARDS -> out.addAll(rules.rewards(in));
                case SPOC_PAIRSFT -> out.addAll(spoc().sft(in));
                case TRL_DPO, OPENRLHF_DPO -> {
                    for (PreferencePair p : rules.pairs(in)) out.add(format == ExportFormat.TRL_DPO ? trl(p) : openRlhf(p));
                }
                case TRL_PRM, OPENRLHF_PRM -> rules.stepLabels(in)
                        .ifPresent(p -> out.add(format == ExportFormat.TRL_PRM ? trl(p, in.problem()) : openRlhf(p, in.problem())));
                default -> throw new IllegalArgumentException(format.wireName() + " is not a training-set format");
            }
        }
        return out;
    }

    /**
     * Why {@code format} made nothing from these traces, in one line (for example "0 DPO pairs: no
     * problem has both a right and a wrong attempt, and no error was located and corrected").
     */
    public static String whyEmpty(ExportFormat format, Run run, List<Trace> traces) {
        if (traces.isEmpty()) return "run " + run.id() + " has no traces";
        long graded = traces.stream().flatMap(t -> t.nodes(Attempt.class)).filter(a -> a.correct() != null).count();
        long right = traces.stream().flatMap(t -> t.nodes(Attempt.class)).filter(a -> Boolean.TRUE.equals(a.correct())).count();
        long labels = traces.stream().flatMap(t -> t.nodes(HumanLabel.class)).count();
        long located = traces.stream().flatMap(t -> t.nodes(ErrorLocation.class)).count();
        String gradedNote = graded == 0 ? " (no attempt is graded: the dataset has no gold answers)" : "";
        return switch (format) {
            case TRL_SFT -> "0 SFT items: " + (right == 0 ? "no attempt of the " + traces.size() + " traces is right" + gradedNote
                    : "no trace passes strategy " + run.strategy() + "'s filter (" + rules(run).sftFilter() + ")");
            case TRL_DPO, OPENRLHF_DPO -> "0 DPO pairs: no problem has both a right and a wrong attempt" + gradedNote
                    + (located == 0 ? ", and no error was located and corrected" : ", and no located error has a correction");
            case TRL_PRM, OPENRLHF_PRM -> "0 PRM items: " + (labels == 0 ? "no attempt has a human label" : "no human label is complete")
                    + (located == 0 ? ", and no wrong attempt has a located error" : "");
            case TRL_SFT_PARTIAL -> "0 partial trajectories: no trace of strategy " + run.strategy()
                    + " is a verified stream (they come from S²R streams with a right final answer and every verdict true)";
            case REWARDS -> "0 reward lines: no trace of strategy " + run.strategy()
                    + " is a single-pass stream with every attempt graded (SPOC, S²R)" + gradedNote;
            case SPOC_PAIRSFT -> "0 PairSFT items: no stream has a right final answer and every verdict true, and no right"
                    + " sample's own check said Yes" + gradedNote;
            default -> "0 lines";
        };
    }

    // ---- trainer shapes ---------------------------------------------------------------------------

    /** TRL's conversational preference shape. */
    static TrainingLine trl(PreferencePair p) {
        return TrainingLine.of(p.id(), "prompt", TrainingLine.user(p.prompt()), "chosen", TrainingLine.assistant(p.chosen()),
                "rejected", TrainingLine.assistant(p.rejected()), "first_error_step", p.firstErrorStep(), "kind", p.kind());
    }

    /** OpenRLHF's preference shape: prompt, chosen and rejected as strings. */
    static TrainingLine openRlhf(PreferencePair p) {
        return TrainingLine.of(p.id(), "prompt", p.prompt(), "chosen", p.chosen(), "rejected", p.rejected(),
                "first_error_step", p.firstErrorStep(), "kind", p.kind());
    }

    /** TRL's stepwise-supervision shape. */
    static TrainingLine trl(StepLabels s, String q) {
        return TrainingLine.of(s.id(), "prompt", q, "completions", s.steps(), "labels", s.labels(), "source", s.source());
    }

    /** OpenRLHF's PRM shape: the steps in the input, each followed by the placeholder, and +/- labels. */
    static TrainingLine openRlhf(StepLabels s, String q) {
        StringBuilder in = new StringBuilder(q.strip());
        for (String step : s.steps()) in.append('\n').append(step.strip()).append(' ').append(PRM_PLACEHOLDER);
        return TrainingLine.of(s.id(), "input", in.toString(), "label", s.labels().stream().map(b -> b ? "+" : "-").toList(),
                "source", s.source());
    }
}
