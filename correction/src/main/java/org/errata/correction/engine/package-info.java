/**
 * The self-correction engine: strategies as small state machines over a
 * {@link org.errata.runtime.api.LanguageModel}, emitting {@link org.errata.correction.engine.LoopEvent}s.
 * The engine knows neither the store nor the GUI; both are {@link org.errata.correction.engine.LoopListener}s.
 */
@NullMarked
package org.errata.correction.engine;

import org.jspecify.annotations.NullMarked;
