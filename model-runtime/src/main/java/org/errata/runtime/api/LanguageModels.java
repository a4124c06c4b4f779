package org.errata.runtime.api;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.errata.runtime.djl.DjlModels;

/** Opens a language model from a spec: a Hugging Face model folder (the embedded DJL backend). */
public final class LanguageModels {

    private LanguageModels() {}

    /**
     * Opens {@code spec}. A folder path loads the model in-process. The caller closes the model.
     *
     * @throws ModelLoadException naming the folder, file or tensor that is missing or wrong
     */
    public static LanguageModel open(String spec, RuntimeOptions options) throws ModelLoadException {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new ModelLoadException("no model given");
        }
        if (s.startsWith("http://") || s.startsWith("https://")) {
            throw new ModelLoadException("OpenAI-compatible servers are not supported by this build yet: " + s);
        }
        Path folder;
        try {
            folder = Path.of(s);
        } catch (InvalidPathException e) {
            throw new ModelLoadException("not a model folder: " + s, e);
        }
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("model folder not found: " + folder.toAbsolutePath());
        }
        return DjlModels.open(folder, options);
    }
}
