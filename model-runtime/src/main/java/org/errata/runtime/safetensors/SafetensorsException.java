package org.errata.runtime.safetensors;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A weight file is missing, truncated or does not hold what it should; names the file and tensor. */
public final class SafetensorsException extends IOException {

    private final Path file;
    private final @Nullable String tensor;

    public SafetensorsException(Path file, @Nullable String tensor, String problem) {
        super(describe(file, tensor, problem));
        this.file = file;
        this.tensor = tensor;
    }

    public SafetensorsException(Path file, @Nullable String tensor, String problem, Throwable cause) {
        super(describe(file, tensor, problem), cause);
        this.file = file;
        this.tensor = tensor;
    }

    private static String describe(Path file, @Nullable String tensor, String problem) {
        return tensor == null ? file + ": " + problem : file + ": tensor '" + tensor + "': " + problem;
    }

    public Path file() {
        return file;
    }

    public @Nullable String tensor() {
        return tensor;
    }
}
