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

    /** The ids of {@code text} with the character each starts at (special tokens: where the previous ended). */
    synchronized Scheduler.Encoded encodeWithOffsets(String text, boolean addSpecialTokens) {
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = e.getIds();
        ai.djl.huggingface.tokenizers.jni.CharSpan[] spans = e.getCharTokenSpans();
        int[] out = new int[ids.length];
        int[] starts = new int[ids.length];
        int end = 0;
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
            ai.djl.huggingface.tokenizers.jni.CharSpan span = spans == null || i >= spans.length ? null : spans[i];
            starts[i] = span == null ? end : span.getStart();
            end = span == null ? end : span.getEnd();
        }
        return new Scheduler.Encoded(out, starts);
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
