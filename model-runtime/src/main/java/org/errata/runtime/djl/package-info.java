/**
 * The embedded backend: Llama-family decoders (Llama 2/3, Qwen2, Mistral) written with DJL
 * NDArray operations on the PyTorch engine. {@link org.errata.runtime.djl.LlamaForward} holds
 * the block math shared by inference and training; everything else is package-private and
 * reached through {@link org.errata.runtime.api.LanguageModels}.
 */
@NullMarked
package org.errata.runtime.djl;

import org.jspecify.annotations.NullMarked;
