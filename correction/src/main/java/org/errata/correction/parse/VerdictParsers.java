package org.errata.correction.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;

/** The built-in verdict parsers, by id (METHODS.md A1, A2a, A8, A9). */
public final class VerdictParsers {

    public static final String SPOC = "spoc";
    public static final String S2R = "s2r";
    public static final String VERIFY_TAG = "verify-tag";
    public static final String BOXED_INDEX = "boxed-index";
    public static final String FIRST_ERROR_TAG = "first-error-tag";

    /**
     * The default SPOC verdict: the GenRM form {@code Verification: Is the answer correct
     * (Yes/No)? Yes}, or a bare {@code Yes}/{@code No} as the last line. Group 1 is the word.
     */
    public static final String SPOC_DEFAULT_REGEX =
            "(?i)is\\s+the\\s+answer\\s+correct\\s*\\(\\s*yes\\s*/\\s*no\\s*\\)\\s*\\??\\s*[*_\"'\u201c\u2018`]*\\s*(yes|no)\\b";

    /** What may stand between a verdict marker and its word: spaces, bold, italics, quotes. */
    public static final String DECORATION = "[ \\t]*[*_\"'\u201c\u2018`]*[ \\t]*";

    private static final Pattern BARE_LAST_LINE = Pattern.compile("(?i)^\\W*(yes|no)\\W*$");
    private static final Pattern NAMED_WRONG_STEP = Pattern.compile(
            "(?i)\\bstep\\s*#?\\s*(\\d+)\\s+(?:is|was|contains|has)\\s+(?:an?\\s+)?(?:wrong|incorrect|erroneous|error|mistake|flawed)"
            + "|\\bfirst\\s+(?:error|mistake|wrong\\s+step|incorrect\\s+step)\\s+(?:is|occurs|appears|was)?\\s*(?:in|at)?\\s*step\\s*#?\\s*(\\d+)"
            + "|\\b(?:error|mistake)\\s+(?:is|occurs|appears|was)\\s+(?:in|at)\\s+step\\s*#?\\s*(\\d+)");
    private static final Pattern VERIFY = Pattern.compile("(?i)\\[VERIFY\\]\\s*(correct|wrong|incorrect)\\b");
    private static final Pattern FIRST_ERROR_ELEMENT =
            Pattern.compile("(?i)<FirstError\\s+step\\s*=\\s*\"?\\s*(-?\\d+)\\s*\"?\\s*/?>");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern INTEGER = Pattern.compile("^[-−]?\\d+$");

    /** METHODS.md A2a: checked on the last sentence, then the second-to-last. Negative phrases win. */
    static final List<String> S2R_INCORRECT = List.of(
            "is incorrect", "answer is wrong", "not the correct answer", "calculation is wrong",
            "is not correct", "is wrong", "not correct", "implausible", "not plausible");
    static final List<String> S2R_CORRECT = List.of(
            "is correct", "appears to be correct", "answer checks out", "correctly solved", "plausible",
            "checks out", "is right");

    private static final VerdictParser SPOC_DEFAULT = spoc(SPOC_DEFAULT_REGEX);

    private VerdictParsers() {}

    /** The parser with this id; IllegalArgumentException naming the known ids otherwise. */
    public static VerdictParser byId(String id) {
        return switch (id) {
            case SPOC -> SPOC_DEFAULT;
            case S2R -> named(S2R, VerdictParsers::s2r);
            case VERIFY_TAG -> named(VERIFY_TAG, VerdictParsers::verifyTag);
            case BOXED_INDEX -> named(BOXED_INDEX, VerdictParsers::boxedIndex);
            case FIRST_ERROR_TAG -> named(FIRST_ERROR_TAG, VerdictParsers::firstErrorTag);
            default -> throw new IllegalArgumentException("unknown verdict parser '" + id + "'; known: " + ids());
        };
    }

    public static List<String> ids() {
        return List.of(SPOC, S2R, VERIFY_TAG, BOXED_INDEX, FIRST_ERROR_TAG);
    }

    /**
     * A SPOC parser with a custom verdict regex whose group 1 (or whole match, without groups)
     * is a word such as yes/no, correct/incorrect, true/false, right/wrong. The last match
     * counts; without one, a bare final Yes/No line is accepted.
     *
     * @throws IllegalArgumentException when the regex does not compile
     */
    public static VerdictParser spoc(String verdictRegex) {
        return spoc(verdictRegex, ModelProfile.DEFAULT_YES, ModelProfile.DEFAULT_NO);
    }

    /** As {@link #spoc(String)}, with the words that mean yes and no (lower case). */
    public static VerdictParser spoc(String verdictRegex, List<String> yes, List<String> no) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(verdictRegex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad SPOC verdict regex: " + e.getDescription(), e);
        }
        List<String> yesWords = List.copyOf(yes);
        List<String> noWords = List.copyOf(no);
        return named(SPOC, text -> spoc(pattern, text, yesWords, noWords));
    }

    private static VerdictParser named(String id, java.util.function.Function<String, ParsedVerdict> f) {
        return new VerdictParser() {
            @Override public String id() { return id; }
            @Override public ParsedVerdict parse(String text) { return f.apply(text); }
            @Override public String toString() { return "VerdictParser[" + id + "]"; }
        };
    }

    // ---- spoc

    private static ParsedVerdict spoc(Pattern pattern, String text, List<String> yes, List<String> no) {
        Matcher m = pattern.matcher(text);
        String word = null;
        while (m.find()) word = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        if (word == null) word = bareLastLine(text);
        Verdict verdict = word == null ? Verdict.UNPARSED : wordVerdict(word, yes, no);
        Integer step = verdict == Verdict.CORRECT ? null : namedWrongStep(text);
        return new ParsedVerdict(verdict, step, SPOC);
    }

    private static @Nullable String bareLastLine(String text) {
        String[] lines = text.strip().split("\\R");
        String last = lines[lines.length - 1];
        Matcher m = BARE_LAST_LINE.matcher(last.strip());
        return m.matches() ? m.group(1) : null;
    }

    /** The word without bold, italics, quotes or trailing punctuation, in lower case. */
    public static String bare(String word) {
        return word.strip().replaceAll("^[*_\"'\u201c\u2018`]+|[*_\"'\u201d\u2019`.!,;:]+$", "").strip()
                .toLowerCase(Locale.ROOT);
    }

    private static Verdict wordVerdict(String word, List<String> yes, List<String> no) {
        String w = bare(word);
        if (yes.contains(w)) return Verdict.CORRECT;
        if (no.contains(w)) return Verdict.INCORRECT;
        return Verdict.UNPARSED;
    }

    private static Verdict wordVerdict(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "correct", "true", "right" -> Verdict.CORRECT;
            case "no", "incorrect", "false", "wrong" -> Verdict.INCORRECT;
            default -> Verdict.UNPARSED;
        };
    }

    /** "Step 3 is wrong" / "The first error is in step 3": 1-based in the text, 0-based here. */
    static @Nullable Integer namedWrongStep(String text) {
        Matcher m = NAMED_WRONG_STEP.matcher(text);
        if (!m.find()) return null;
        for (int g = 1; g <= m.groupCount(); g++) {
            String n = m.group(g);
            if (n != null) {
                int k = Integer.parseInt(n.length() > 6 ? "0" : n);
                return k >= 1 ? k - 1 : null;
            }
        }
        return null;
    }

    // ---- s2r

    private static ParsedVerdict s2r(String text) {
        List<String> sentences = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            if (!s.isBlank()) sentences.add(s.strip().toLowerCase(Locale.ROOT));
        }
        for (int back = 1; back <= 2 && back <= sentences.size(); back++) {
            Verdict v = s2rSentence(sentences.get(sentences.size() - back));
            if (v != Verdict.UNPARSED) return new ParsedVerdict(v, null, S2R);
        }
        return ParsedVerdict.unparsed(S2R);
    }

    private static Verdict s2rSentence(String sentence) {
        for (String p : S2R_INCORRECT) if (sentence.contains(p)) return Verdict.INCORRECT;
        for (String p : S2R_CORRECT) if (sentence.contains(p)) return Verdict.CORRECT;
        return Verdict.UNPARSED;
    }

    // ---- verify-tag

    private static ParsedVerdict verifyTag(String text) {
        Matcher m = VERIFY.matcher(text);
        String word = null;
        while (m.find()) word = m.group(1);
        if (word == null) return ParsedVerdict.unparsed(VERIFY_TAG);
        return new ParsedVerdict(wordVerdict(word), null, VERIFY_TAG);
    }

    // ---- boxed-index

    private static ParsedVerdict boxedIndex(String text) {
        String boxed = org.errata.correction.grading.AnswerExtractor.lastBoxedContent(text).orElse(null);
        if (boxed == null) return ParsedVerdict.unparsed(BOXED_INDEX);
        String k = boxed.replace(" ", "").replace("$", "").replace('−', '-');
        if (!INTEGER.matcher(k).matches() || k.length() > 9) return ParsedVerdict.unparsed(BOXED_INDEX);
        int index = Integer.parseInt(k);
        if (index < -1) return ParsedVerdict.unparsed(BOXED_INDEX);
        return new ParsedVerdict(index == -1 ? Verdict.CORRECT : Verdict.INCORRECT, index, BOXED_INDEX);
    }

    // ---- first-error-tag (SuperCorrect workbench convention, 1-based like <StepN>; without a tag, the SPOC verdict line)

    private static ParsedVerdict firstErrorTag(String text) {
        Matcher m = FIRST_ERROR_ELEMENT.matcher(text);
        String k = null;
        while (m.find()) k = m.group(1);
        if (k == null) {
            // no tag: a verifier that ends on the SPOC verdict line (or a bare Yes/No) has still said
            // what it thinks; a No keeps the step it names ("The first error is in step K")
            ParsedVerdict line = SPOC_DEFAULT.parse(text);
            return line.verdict() == Verdict.UNPARSED ? ParsedVerdict.unparsed(FIRST_ERROR_TAG)
                    : new ParsedVerdict(line.verdict(), line.verdict() == Verdict.CORRECT ? Integer.valueOf(-1) : line.firstErrorStep(),
                            FIRST_ERROR_TAG);
        }
        if (k.length() > 9) return ParsedVerdict.unparsed(FIRST_ERROR_TAG);
        int step = Integer.parseInt(k);
        if (step == -1 || step == 0) return new ParsedVerdict(Verdict.CORRECT, -1, FIRST_ERROR_TAG);
        if (step < -1) return ParsedVerdict.unparsed(FIRST_ERROR_TAG);
        return new ParsedVerdict(Verdict.INCORRECT, step - 1, FIRST_ERROR_TAG);
    }
}
