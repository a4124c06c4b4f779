/** Sampling evaluation of the demo model on held-out problems: first-attempt, final and verifier accuracy. */
@NullMarked
package org.errata.trainer.eval;

import org.jspecify.annotations.NullMarked;
