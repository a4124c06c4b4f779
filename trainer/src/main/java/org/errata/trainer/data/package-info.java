/** Synthetic multi-step arithmetic problems, their step-by-step solutions, injected errors and SPOC traces. */
@NullMarked
package org.errata.trainer.data;

import org.jspecify.annotations.NullMarked;
