/** A scripted language model for unit tests of loop logic: no weights, fully deterministic. */
@NullMarked
package org.errata.runtime.fake;

import org.jspecify.annotations.NullMarked;
