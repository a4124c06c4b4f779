/**
 * Answer extraction and answer equivalence (METHODS.md section 0): pull the final answer out of
 * a solution, then compare it with the gold answer under several checkers and keep every verdict.
 */
@NullMarked
package org.errata.correction.grading;

import org.jspecify.annotations.NullMarked;
