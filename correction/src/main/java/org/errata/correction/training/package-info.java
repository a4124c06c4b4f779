/**
 * Training data from traces (METHODS.md section D): which traces of a strategy become SFT items,
 * preference pairs, step labels or reward lines, as pure functions over the trace model. Each
 * {@link org.errata.correction.engine.Strategy} names its rules ({@code trainingData()}); the
 * rules of the papers' strategies live beside them in the engine package, the shared pieces here.
 * Writing lines in a trainer's shape and to a file is the persistence module's job.
 */
@NullMarked
package org.errata.correction.training;

import org.jspecify.annotations.NullMarked;
