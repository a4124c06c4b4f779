package org.errata.correction.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built-in segmenters, by id. */
public final class Segmenters {

    public static final String LINE = "line";
    public static final String PARAGRAPH = "paragraph";
    public static final String XML_STEP = "xml_step";
    public static final String ACTION = "action";

    /** The S²R delimiters between solve and verify actions. */
    public static final String RECHECK = "Wait, let me recheck my solution.";
    public static final String TRY_AGAIN = "Let me try again.";

    private static final Pattern LINE_BREAK = Pattern.compile("\\r?\\n");
    private static final Pattern BLANK_LINE = Pattern.compile("\\r?\\n[ \\t]*\\r?\\n(?:[ \\t]*\\r?\\n)*");
    private static final Pattern ACTION_MARKER =
            Pattern.compile(Pattern.quote(RECHECK) + "|" + Pattern.quote(TRY_AGAIN));

    private static final Map<String, Segmenter> BY_ID = Map.of(
            LINE, named(LINE, text -> splitOn(text, LINE_BREAK)),
            PARAGRAPH, named(PARAGRAPH, text -> splitOn(text, BLANK_LINE)),
            XML_STEP, named(XML_STEP, text -> HierarchicalThought.parse(text).spans()),
            ACTION, named(ACTION, text -> splitOn(text, ACTION_MARKER)));

    private Segmenters() {}

    /** The segmenter with this id; IllegalArgumentException naming the known ids otherwise. */
    public static Segmenter byId(String id) {
        Segmenter s = BY_ID.get(id);
        if (s == null) throw new IllegalArgumentException("unknown segmenter '" + id + "'; known: " + ids());
        return s;
    }

    public static List<String> ids() {
        return List.of(LINE, PARAGRAPH, XML_STEP, ACTION);
    }

    private static Segmenter named(String id, java.util.function.Function<String, List<Span>> f) {
        return new Segmenter() {
            @Override public String id() { return id; }
            @Override public List<Span> segment(String text) { return f.apply(text); }
            @Override public String toString() { return "Segmenter[" + id + "]"; }
        };
    }

    /** The pieces between separator matches, each trimmed; blank pieces dropped. */
    static List<Span> splitOn(String text, Pattern separator) {
        List<Span> out = new ArrayList<>();
        Matcher m = separator.matcher(text);
        int from = 0;
        while (m.find()) {
            addTrimmed(text, from, m.start(), out);
            from = m.end();
        }
        addTrimmed(text, from, text.length(), out);
        return List.copyOf(out);
    }

    static void addTrimmed(String text, int start, int end, List<Span> into) {
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (end > start) into.add(new Span(start, end));
    }
}
