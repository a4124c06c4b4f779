/**
 * Reading model output: step segmenters (exact character spans) and verdict parsers for the
 * verifier formats of METHODS.md (SPOC, S²R, self-rewarding, ProcessBench critic), bundled per
 * model family in {@link org.errata.correction.parse.ModelProfile}s.
 */
@NullMarked
package org.errata.correction.parse;

import org.jspecify.annotations.NullMarked;
