package org.errata.runtime.api;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.errata.runtime.djl.DjlModels;
import org.errata.runtime.openai.OpenAiConfig;
import org.errata.runtime.openai.OpenAiLanguageModel;

/**
 * Opens a language model from a spec: a Hugging Face model folder (the embedded DJL backend), or
 * the base URL of an OpenAI-compatible server ({@code http://host:8000/v1}, optionally
 * {@code #model-name}; without a name the server's first listed model is used). The server's API
 * key comes from {@code ERRATA_OPENAI_API_KEY} or {@code OPENAI_API_KEY} (never from the URL, which is
 * refused when it carries credentials), the per-call deadline from {@code ERRATA_OPENAI_TIMEOUT}
 * (seconds; default 600).
 */
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
            return openServer(s);
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

    private static LanguageModel openServer(String spec) throws ModelLoadException {
        int hash = spec.indexOf('#');
        String base = hash < 0 ? spec : spec.substring(0, hash);
        String model = hash < 0 ? "" : spec.substring(hash + 1).strip();
        java.util.Optional<String> credentials = OpenAiConfig.credentialsIn(base);
        if (credentials.isPresent()) throw new ModelLoadException(credentials.get());
        String key = OpenAiConfig.resolveApiKey(null, System.getenv());
        OpenAiConfig config;
        java.time.Duration deadline;
        try {
            deadline = OpenAiConfig.callDeadline(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        try {
            config = OpenAiConfig.of(base, model.isEmpty() ? "default" : model).withApiKey(key).withCallDeadline(deadline);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("not a server address: " + base + " (" + e.getMessage() + ")", e);
        }
        if (model.isEmpty()) {
            config = OpenAiConfig.of(base, OpenAiLanguageModel.firstServedModel(config)).withApiKey(key)
                    .withCallDeadline(deadline);
        }
        return OpenAiLanguageModel.open(config);
    }
}
