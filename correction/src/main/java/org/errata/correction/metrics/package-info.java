/**
 * Pure functions over stored traces (METHODS.md section C): accuracy by turn and its flips,
 * verifier quality, first-error location, confidence vs critique, pass@k / maj@k, cost and
 * inter-annotator agreement.
 */
@NullMarked
package org.errata.correction.metrics;

import org.jspecify.annotations.NullMarked;
