package org.errata.runtime.djl;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.errata.runtime.api.ModelLoadException;

/** A {@code tokenizer.json} through DJL's Hugging Face binding, with truncation and padding off. */
final class HfTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private HfTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    static HfTokenizer load(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": file not found");
        }
        try {
            return new HfTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optTruncation(false)
                    .optPadding(false)
                    .optAddSpecialTokens(true)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(file + ": cannot load tokenizer: " + e.getMessage(), e);
        }
    }

    synchronized int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** Decodes ids {@code [from, to)}, without special tokens. */
    synchronized String decode(int[] ids, int from, int to) {
        long[] l = new long[to - from];
        for (int i = from; i < to; i++) {
            l[i - from] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    /** One token's own text, special tokens included (for log-probability listings). */
    synchronized String tokenText(int id) {
        return tokenizer.decode(new long[] {id}, false);
    }

    @Override
    public synchronized void close() {
        tokenizer.close();
    }
}
