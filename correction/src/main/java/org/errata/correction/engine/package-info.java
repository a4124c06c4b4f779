/**
 * The self-correction engine: strategies as small state machines over a
 * {@link org.errata.runtime.api.LanguageModel}, emitting {@link org.errata.correction.engine.LoopEvent}s.
 * The engine knows neither the store nor the GUI; both are {@link org.errata.correction.engine.LoopListener}s.
 * <p>
 * Entry points: {@link org.errata.correction.engine.StrategyRegistry} (strategies by command-line id),
 * {@link org.errata.correction.engine.RunRecords#create} (the reproducible run record),
 * {@link org.errata.correction.engine.RunEngine#run} (decode problems concurrently, resumable,
 * cancellable). Each problem ends in a {@link org.errata.correction.engine.LoopOutcome} value.
 * Prompt templates are resources under {@code org/errata/correction/prompts/} and can be replaced
 * per run ({@link org.errata.correction.engine.PromptTemplates#with}).
 */
@NullMarked
package org.errata.correction.engine;

import org.jspecify.annotations.NullMarked;
