package org.errata.app.services;

import java.net.URI;
import java.nio.file.Path;

/** Where a run's model comes from. Never holds an API key: servers read theirs from the environment. */
public sealed interface ModelSource {

    /** The small demo model shipped in assets. */
    record BundledDemo() implements ModelSource {}

    /** A Hugging Face model folder on disk (config.json, safetensors, tokenizer.json). */
    record LocalFolder(Path folder) implements ModelSource {}

    /** An OpenAI-compatible server (vLLM, SGLang, llama.cpp server, Ollama). */
    record OpenAiServer(URI baseUrl, String model) implements ModelSource {}

    default String describe() {
        return switch (this) {
            case BundledDemo d -> "bundled demo model";
            case LocalFolder f -> "model folder " + f.folder();
            case OpenAiServer s -> s.model() + " at " + s.baseUrl();
        };
    }
}
