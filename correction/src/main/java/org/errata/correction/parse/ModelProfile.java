package org.errata.correction.parse;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How to talk to one model family and read its output: the formats it speaks ({@code spoc},
 * {@code s2r}, {@code chat}, ...), which segmenter cuts its solutions into steps, which parser
 * reads its verdicts, the verdict marker that ends a SPOC verification (and, optionally, a regex
 * that replaces the parser's default), the words that mean yes and no, stop strings, an optional
 * chat template that replaces the model's own (Jinja, as in {@code tokenizer_config.json}) and
 * the answer format ({@code any}: every extractor in order; {@code boxed}: only {@code \boxed{}};
 * {@code answer_tag}: only the content of SuperCorrect's {@code <Answer>} element).
 */
public record ModelProfile(
        String name,
        List<String> speaks,
        String segmenterId,
        String verdictParserId,
        @Nullable String verdictRegex,
        String verdictMarker,
        List<String> yesWords,
        List<String> noWords,
        List<String> stop,
        @Nullable String chatTemplate,
        String answerFormat) {

    /** The GenRM verdict line's fixed part; the verdict word follows it. */
    public static final String DEFAULT_VERDICT_MARKER = "Verification: Is the answer correct (Yes/No)?";
    public static final List<String> DEFAULT_YES = List.of("yes", "correct", "true", "right");
    public static final List<String> DEFAULT_NO = List.of("no", "incorrect", "false", "wrong");
    public static final List<String> ANSWER_FORMATS = List.of("any", "boxed", "answer_tag");

    public static final ModelProfile SPOC_DEMO =
            new ModelProfile("spoc-demo", Segmenters.PARAGRAPH, VerdictParsers.SPOC, null).withSpeaks(List.of("spoc"));
    public static final ModelProfile S2R =
            new ModelProfile("s2r", Segmenters.ACTION, VerdictParsers.S2R, null).withSpeaks(List.of("s2r"));
    public static final ModelProfile SELF_REWARDING =
            new ModelProfile("self-rewarding", Segmenters.PARAGRAPH, VerdictParsers.VERIFY_TAG, null);
    public static final ModelProfile PROCESSBENCH_CRITIC =
            new ModelProfile("processbench-critic", Segmenters.PARAGRAPH, VerdictParsers.BOXED_INDEX, null);
    public static final ModelProfile SUPERCORRECT =
            new ModelProfile("supercorrect", Segmenters.XML_STEP, VerdictParsers.FIRST_ERROR_TAG, null)
                    .withSpeaks(List.of("supercorrect"));

    private static final Map<String, ModelProfile> NAMED = List.of(
                    SPOC_DEMO, S2R, SELF_REWARDING, PROCESSBENCH_CRITIC, SUPERCORRECT).stream()
            .collect(Collectors.toUnmodifiableMap(ModelProfile::name, Function.identity()));

    /** Validates the ids, the regex and the words up front. */
    public ModelProfile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("profile name must not be blank");
        speaks = List.copyOf(speaks);
        Segmenters.byId(segmenterId);
        VerdictParsers.byId(verdictParserId);
        if (verdictRegex != null && verdictRegex.isBlank()) verdictRegex = null;
        if (verdictRegex != null) {
            if (!verdictParserId.equals(VerdictParsers.SPOC)) {
                throw new IllegalArgumentException("a verdict pattern only applies to the spoc verdict parser");
            }
            VerdictParsers.spoc(verdictRegex);
        }
        Objects.requireNonNull(verdictMarker, "verdictMarker");
        if (verdictMarker.isBlank()) throw new IllegalArgumentException("the verdict marker must not be blank");
        yesWords = lower(yesWords, "yes words");
        noWords = lower(noWords, "no words");
        stop = List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("empty stop string");
        if (chatTemplate != null && chatTemplate.isBlank()) chatTemplate = null;
        if (!ANSWER_FORMATS.contains(answerFormat)) {
            throw new IllegalArgumentException("answer format must be one of " + ANSWER_FORMATS + ", not '" + answerFormat + "'");
        }
    }

    /** A profile with the default marker, words and answer format, no stop strings and the model's own chat template. */
    public ModelProfile(String name, String segmenterId, String verdictParserId, @Nullable String verdictRegex) {
        this(name, List.of(), segmenterId, verdictParserId, verdictRegex, DEFAULT_VERDICT_MARKER, DEFAULT_YES, DEFAULT_NO,
                List.of(), null, "any");
    }

    private static List<String> lower(List<String> words, String what) {
        List<String> out = words.stream().map(w -> w.strip().toLowerCase(Locale.ROOT)).toList();
        if (out.isEmpty() || out.stream().anyMatch(w -> !w.matches("[\\p{L}\\p{N}_ -]+"))) {
            throw new IllegalArgumentException(what + " must be one or more plain words: " + words);
        }
        return out;
    }

    public static Optional<ModelProfile> named(String name) {
        return Optional.ofNullable(NAMED.get(name));
    }

    public static List<String> names() {
        return NAMED.keySet().stream().sorted().toList();
    }

    public Segmenter segmenter() {
        return Segmenters.byId(segmenterId);
    }

    /**
     * The parser of this model's own verdicts. For the spoc parser: the profile's regex when it
     * has one, else the GenRM form for the default marker, else the profile's marker followed by
     * a verdict word; in each case the profile's yes and no words decide.
     */
    public VerdictParser verdictParser() {
        if (!verdictParserId.equals(VerdictParsers.SPOC)) return VerdictParsers.byId(verdictParserId);
        String regex = verdictRegex != null ? verdictRegex
                : verdictMarker.equals(DEFAULT_VERDICT_MARKER) ? VerdictParsers.SPOC_DEFAULT_REGEX
                : "(?i)" + markerRegex(verdictMarker) + VerdictParsers.DECORATION + "([\\p{L}]+)";
        return VerdictParsers.spoc(regex, yesWords, noWords);
    }

    /** The marker as a regex: its words in order, any whitespace between them. */
    public static String markerRegex(String marker) {
        return java.util.Arrays.stream(marker.strip().split("\\s+")).map(Pattern::quote)
                .collect(Collectors.joining("\\s+"));
    }

    /**
     * The verdict line as the stream is cut: the marker (any case, any whitespace), optional bold,
     * italics or quotes, the verdict word (group {@code verdict}), their closing and trailing
     * punctuation. Accepts {@code ? Yes}, {@code ? **Yes**}, {@code ? "yes".}, {@code ? Yes.}.
     */
    public Pattern verdictLine() {
        return Pattern.compile("(?i)" + markerRegex(verdictMarker) + VerdictParsers.DECORATION
                + "(?<verdict>[\\p{L}]*)(?:[*_\"'\u201d\u2019`]*[.!]?)");
    }

    /** Whether {@code word} (decorations stripped) is one of the yes words. */
    public boolean yes(String word) {
        return yesWords.contains(VerdictParsers.bare(word));
    }

    public boolean speaks(String format) {
        return speaks.contains(format);
    }

    public ModelProfile withVerdictRegex(@Nullable String regex) {
        return new ModelProfile(name, speaks, segmenterId, verdictParserId, regex, verdictMarker, yesWords, noWords, stop,
                chatTemplate, answerFormat);
    }

    public ModelProfile withSpeaks(List<String> s) {
        return new ModelProfile(name, s, segmenterId, verdictParserId, verdictRegex, verdictMarker, yesWords, noWords, stop,
                chatTemplate, answerFormat);
    }
}
