/**
 * Reference checks against an independent engine: random Llama-family checkpoints written both as
 * a Hugging Face folder and as GGUF, and a driver of llama.cpp (the {@code llama-probe} program
 * built by {@code scripts/llama-reference.sh}) that returns its logits and speeds.
 */
@NullMarked
package org.errata.runtime.reference;

import org.jspecify.annotations.NullMarked;
