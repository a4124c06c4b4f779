/**
 * Training a Llama-family causal language model from scratch with DJL autograd on the PyTorch
 * engine, through the same {@link org.errata.runtime.djl.LlamaForward} that serves it. The API
 * takes and gives plain Java types, so callers never touch the engine.
 */
@NullMarked
package org.errata.runtime.train;

import org.jspecify.annotations.NullMarked;
