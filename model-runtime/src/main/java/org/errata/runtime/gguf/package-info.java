/**
 * Writes GGUF files (llama.cpp's model format) from Hugging Face-style f32 tensors, so that
 * llama.cpp can run exactly the weights the DJL backend runs, for reference checks and benchmarks.
 */
@NullMarked
package org.errata.runtime.gguf;

import org.jspecify.annotations.NullMarked;
