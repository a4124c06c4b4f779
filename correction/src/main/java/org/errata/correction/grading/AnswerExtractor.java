package org.errata.correction.grading;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.parse.HierarchicalThought;
import org.jspecify.annotations.Nullable;

/**
 * Finds the final answer in a solution. Extractors are tried in order and the first that finds
 * something wins:
 * <ol>
 *   <li>{@code boxed}: the last balanced {@code \boxed{...}} or {@code \fbox{...}} (an unbalanced,
 *       truncated box is skipped in favour of an earlier complete one);</li>
 *   <li>{@code gsm8k}: the last {@code #### N} line, or a last line {@code A: N} (the form of the
 *       GSM8K repository's example model solutions);</li>
 *   <li>{@code prm800k}: the line after the last {@code # Answer} heading;</li>
 *   <li>{@code answer_is}: the last "The answer is X" / "The final answer is X";</li>
 *   <li>{@code answer_tag}: the last SuperCorrect {@code <Answer>...</Answer>} element.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class AnswerExtractor {

    public static final String BOXED = "boxed";
    public static final String GSM8K = "gsm8k";
    public static final String PRM800K = "prm800k";
    public static final String ANSWER_IS = "answer_is";
    public static final String ANSWER_TAG = "answer_tag";

    private static final AnswerExtractor STANDARD = new AnswerExtractor();

    private static final Pattern BOX_COMMAND = Pattern.compile("\\\\(?:boxed|fbox)(?![A-Za-z])");
    private static final Pattern GSM8K_LINE = Pattern.compile("(?m)^[ \\t]*####[ \\t]*(\\S[^\\n]*)$");
    private static final Pattern GSM8K_FINAL_A = Pattern.compile("(?s)(?:.*\\n)?[ \\t]*A:[ \\t]*(\\S[^\\n]*?)\\s*");
    private static final Pattern PRM800K_HEADING = Pattern.compile("(?m)^[ \\t]*#[ \\t]*Answer[ \\t]*$");
    private static final Pattern ANSWER_IS_PHRASE =
            Pattern.compile("(?i)\\b(?:the\\s+)?(?:final\\s+)?answer\\s+is\\s*[:：]?\\s*");

    public AnswerExtractor() {}

    /** The shared instance (the extractor holds no state). */
    public static AnswerExtractor standard() {
        return STANDARD;
    }

    /** The last {@code \boxed{}} of {@code text} only (a model profile's {@code boxed} answer format). */
    public Optional<ExtractedAnswer> extractBoxed(String text) {
        String boxed = lastBoxed(text);
        return boxed == null ? Optional.empty() : found(boxed, BOXED);
    }

    /** The final answer of {@code text}, or empty when no extractor finds one. */
    public Optional<ExtractedAnswer> extract(String text) {
        String boxed = lastBoxed(text);
        if (boxed != null) return found(boxed, BOXED);
        String gsm = lastGroup(GSM8K_LINE.matcher(text), 1);
        if (gsm != null) return found(gsm, GSM8K);
        Matcher finalA = GSM8K_FINAL_A.matcher(text);
        if (finalA.matches()) return found(finalA.group(1), GSM8K);
        String prm = prm800kAnswer(text);
        if (prm != null) return found(prm, PRM800K);
        String said = answerIs(text);
        if (said != null) return found(said, ANSWER_IS);
        String tag = HierarchicalThought.answer(text);
        if (tag != null) return found(tag, ANSWER_TAG);
        return Optional.empty();
    }

    /**
     * The answer as SuperCorrect's evaluation reads it (a model profile's {@code answer_tag}
     * answer format): the content of the last {@code <Answer>} element only, unwrapped from its
     * last complete {@code \boxed{}} when it holds one. A box outside the element does not count.
     */
    public Optional<ExtractedAnswer> extractAnswerTag(String text) {
        String tag = HierarchicalThought.answer(text);
        if (tag == null) return Optional.empty();
        String boxed = lastBoxed(tag);
        return found(boxed != null ? boxed : tag, ANSWER_TAG);
    }

    private static Optional<ExtractedAnswer> found(String raw, String extractor) {
        String answer = raw.strip();
        return answer.isEmpty() ? Optional.empty() : Optional.of(new ExtractedAnswer(answer, extractor));
    }

    /** The raw content of the last balanced {@code \boxed{}} / {@code \fbox{}} (not stripped), if any. */
    public static Optional<String> lastBoxedContent(String text) {
        return Optional.ofNullable(lastBoxed(text));
    }

    /** Content of the last balanced {@code \boxed{}} / {@code \fbox{}}, or of a {@code \boxed 5} form. */
    static @Nullable String lastBoxed(String text) {
        Matcher m = BOX_COMMAND.matcher(text);
        String last = null;
        while (m.find()) {
            int i = m.end();
            while (i < text.length() && text.charAt(i) == ' ') i++;
            if (i < text.length() && text.charAt(i) == '{') {
                int close = matchingBrace(text, i);
                if (close >= 0) last = text.substring(i + 1, close);
            } else if (i > m.end() && i < text.length()) {
                // "\boxed 5": the answer runs to the next '$' or whitespace.
                int j = i;
                while (j < text.length() && text.charAt(j) != '$' && !Character.isWhitespace(text.charAt(j))) j++;
                if (j > i) last = text.substring(i, j);
            }
        }
        return last;
    }

    /** Index of the '}' that closes the '{' at {@code open}, or -1 when the text ends first. */
    static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i++; // an escaped brace \{ or \} does not count
                continue;
            }
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static @Nullable String lastGroup(Matcher m, int group) {
        String last = null;
        while (m.find()) last = m.group(group);
        return last;
    }

    private static @Nullable String prm800kAnswer(String text) {
        Matcher m = PRM800K_HEADING.matcher(text);
        int end = -1;
        while (m.find()) end = m.end();
        if (end < 0) return null;
        for (String line : text.substring(end).split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return null;
    }

    /** The phrase after the last "the answer is", up to the end of its sentence or line. */
    private static @Nullable String answerIs(String text) {
        Matcher m = ANSWER_IS_PHRASE.matcher(text);
        int start = -1;
        while (m.find()) start = m.end();
        if (start < 0) return null;
        int end = start;
        int dollars = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '\n') break;
            if (c == '$') dollars++;
            // A full stop ends the sentence unless it is a decimal point or inside $...$.
            if (c == '.' && dollars % 2 == 0
                    && (end + 1 == text.length() || !Character.isDigit(text.charAt(end + 1)))) break;
            end++;
        }
        String answer = text.substring(start, end).strip();
        if (answer.length() >= 2 && answer.startsWith("$") && answer.endsWith("$")) {
            answer = answer.replaceAll("^\\$+|\\$+$", "").strip();
        }
        return answer.isEmpty() ? null : answer;
    }
}
