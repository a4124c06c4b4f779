package org.errata.runtime.djl;

import java.nio.file.Path;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.RuntimeOptions;

/** The entry point of the embedded backend; callers normally go through {@code LanguageModels}. */
public final class DjlModels {

    private DjlModels() {}

    /** Loads a Hugging Face model folder (Llama, Qwen2 or Mistral) and starts its model thread. */
    public static LanguageModel open(Path folder, RuntimeOptions options) throws ModelLoadException {
        return DjlLanguageModel.load(folder, options);
    }
}
