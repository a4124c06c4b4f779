/**
 * The OpenAI-compatible HTTP backend: a client for {@code /v1/chat/completions} and
 * {@code /v1/completions} (vLLM, SGLang, llama.cpp server, Ollama) with SSE streaming, {@code n},
 * log-probabilities, retries and cancellation. The distributed engine is the server's; Errata is
 * the client.
 */
@NullMarked
package org.errata.runtime.openai;

import org.jspecify.annotations.NullMarked;
