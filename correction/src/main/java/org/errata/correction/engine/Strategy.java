package org.errata.correction.engine;

import java.util.List;

/**
 * A self-correction method (METHODS.md section A) as a small state machine over one problem.
 * Implementations are immutable values: an id, their own parameter record (declared beside them
 * with its knobs and defaults) and the names of the prompt templates they render. {@link #solve} runs one problem through a {@link ProblemSession},
 * which makes the model calls and emits the trace nodes; it returns how the loop ended.
 */
public sealed interface Strategy permits SpocStrategy, S2rStrategy, SelfRefineStrategy, IntrinsicStrategy,
        ScoreStrategy, SuperCorrectStrategy, SuperCorrectEvalStrategy, GsrStrategy, BestOfNStrategy, MajorityStrategy, ReflexionStrategy,
        CriticStrategy {

    /** The command-line id: {@code spoc}, {@code s2r}, {@code self-refine}, ... */
    String id();

    StrategyParams params();

    /** The knobs this strategy reads, with its defaults (declared once, as {@code KNOBS}, by each strategy). */
    List<Knob> knobs();

    /** The values of this strategy's knobs only, in the order of {@link #knobs()}: what its run records. */
    default java.util.Map<String, Object> knobValues() {
        java.util.Map<String, Object> all = params().values();
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (Knob k : knobs()) {
            Object v = all.get(k.name());
            if (v == null) throw new IllegalStateException(id() + " declares knob " + k.name() + " but its parameters lack it");
            m.put(k.name(), v);
        }
        return m;
    }

    /** Names of the prompt templates this strategy renders; their exact texts go into the run record. */
    List<String> templates();

    /** Every template this strategy may render under some setting of its knobs (a recipe carries each). */
    default List<String> allTemplates() {
        return templates();
    }

    /**
     * What its prompts ask the model to write: {@code spoc} (solution, GenRM verdict line, ...),
     * {@code s2r}, {@code supercorrect}, or {@code chat} (follows plain instructions). A model
     * profile lists the formats its model speaks.
     */
    default String format() {
        return "chat";
    }

    /**
     * True for strategies that can judge given solutions instead of writing their own (a critic
     * over an imported ProcessBench or PRM800K set): {@link #solve} then judges what
     * {@link ProblemSession#given()} holds and makes no solving call.
     */
    default boolean judgesGivenSolutions() {
        return false;
    }

    /**
     * The model roles this strategy calls, the student first. A front-end offers a model for each
     * of the others; a role given none is played by the student's model ({@link ModelSet#model}).
     */
    default List<ModelRole> roles() {
        return List.of(ModelRole.STUDENT);
    }

    /** True for strategies that look at the gold answer while running (oracle stops, teachers with references). */
    default boolean usesGold() {
        return false;
    }

    /** The segmenter used when neither the run nor the model profile names one. */
    default String defaultSegmenter() {
        return "paragraph";
    }

    /** The parser of the student's own verdicts when neither the run nor the model profile names one. */
    default String defaultVerdictParser() {
        return "spoc";
    }

    /** Which of this strategy's traces become SFT items, preference pairs or step labels, and how. */
    default org.errata.correction.training.TrainingData trainingData() {
        return org.errata.correction.training.DirectTraining.INSTANCE;
    }

    /**
     * Runs one problem. Only the engine calls this: the session's halting signals must be left
     * to propagate, and the engine turns them into {@link LoopOutcome} values.
     */
    LoopOutcome solve(ProblemSession session);
}
