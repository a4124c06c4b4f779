package org.errata.runtime.djl;

import java.util.Arrays;
import java.util.List;

/**
 * Turns one sample's tokens into text as they come: decodes incrementally (holding back a
 * partial multi-byte character), finds stop strings in the text, and releases only text that
 * can no longer turn out to be the start of a stop string.
 */
final class TextStream {

    private final HfTokenizer tokenizer;
    private final List<String> stops;
    private int[] ids = new int[16];
    private int count;
    private int prefixOffset;
    private int readOffset;
    private final StringBuilder text = new StringBuilder();
    private int released;
    private boolean stopped;

    TextStream(HfTokenizer tokenizer, List<String> stops) {
        this.tokenizer = tokenizer;
        this.stops = stops;
    }

    /** Adds a token; returns the newly released text (possibly empty). */
    String push(int id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String before = tokenizer.decode(ids, prefixOffset, readOffset);
        String now = tokenizer.decode(ids, prefixOffset, count);
        if (now.length() > before.length() && !now.endsWith("\uFFFD")) {
            text.append(now, before.length(), now.length());
            prefixOffset = readOffset;
            readOffset = count;
        }
        return release(false);
    }

    /** Decodes whatever is still held back (end of generation) and returns the rest of the text. */
    String finish() {
        if (!stopped && readOffset < count) {
            String before = tokenizer.decode(ids, prefixOffset, readOffset);
            String now = tokenizer.decode(ids, prefixOffset, count);
            if (now.length() > before.length()) {
                text.append(now, before.length(), now.length());
            }
            readOffset = count;
        }
        return release(true);
    }

    private String release(boolean all) {
        if (stopped) {
            return "";
        }
        int searchFrom = Math.max(0, released - maxStopLength());
        int stopAt = -1;
        for (String s : stops) {
            int i = text.indexOf(s, searchFrom);
            if (i >= 0 && (stopAt < 0 || i < stopAt)) {
                stopAt = i;
            }
        }
        int end;
        if (stopAt >= 0) {
            stopped = true;
            text.setLength(stopAt);
            end = stopAt;
        } else {
            end = all ? text.length() : text.length() - heldBack();
        }
        if (end <= released) {
            return "";
        }
        String out = text.substring(released, end);
        released = end;
        return out;
    }

    private int maxStopLength() {
        int m = 0;
        for (String s : stops) {
            m = Math.max(m, s.length());
        }
        return m;
    }

    /** The longest suffix of the text that is a proper prefix of a stop string. */
    private int heldBack() {
        int best = 0;
        int from = Math.max(0, text.length() - maxStopLength());
        String tail = text.substring(from);
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, tail.length()); len > best; len--) {
                if (tail.regionMatches(tail.length() - len, s, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    boolean stopped() {
        return stopped;
    }

    /** The text so far, cut before a stop string if one was found. */
    String text() {
        return text.toString();
    }

    int tokenCount() {
        return count;
    }
}
