/**
 * The trace domain: problems, runs and the tree of nodes a self-correction strategy emits for
 * one (run, problem) pair. METHODS.md section 0 describes each node type.
 */
@NullMarked
package org.errata.correction.trace;

import org.jspecify.annotations.NullMarked;
