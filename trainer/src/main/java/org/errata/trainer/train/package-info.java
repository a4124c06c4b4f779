/** Training the demo model with DJL autograd through the runtime's Llama forward pass. */
@NullMarked
package org.errata.trainer.train;

import org.jspecify.annotations.NullMarked;
