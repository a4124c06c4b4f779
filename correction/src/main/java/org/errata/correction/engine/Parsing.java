package org.errata.correction.engine;

import java.util.Objects;
import java.util.regex.Pattern;
import org.errata.correction.parse.ModelProfile;
import org.errata.correction.parse.Segmenter;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.parse.VerdictParsers;
import org.jspecify.annotations.Nullable;

/**
 * How the student's output is read: the segmenter that cuts attempts into steps, the parser of
 * its own verdicts, and the SPOC verdict marker that ends a verification inside one stream.
 * An explicit segmenter or parser wins over the model profile, which wins over the strategy's
 * default. Fixed-format roles (the ProcessBench critic, SuperCorrect's teacher) keep their own
 * parsers.
 */
public record Parsing(
        @Nullable ModelProfile profile,
        @Nullable Segmenter segmenter,
        @Nullable VerdictParser verdictParser,
        String spocMarker) {

    /** The GenRM verdict line's fixed part; the verdict word follows it. */
    public static final String DEFAULT_SPOC_MARKER = "Verification: Is the answer correct (Yes/No)?";

    public Parsing {
        Objects.requireNonNull(spocMarker, "spocMarker");
        if (spocMarker.isBlank()) throw new IllegalArgumentException("blank SPOC marker");
    }

    public static Parsing defaults() {
        return new Parsing(null, null, null, DEFAULT_SPOC_MARKER);
    }

    public static Parsing of(ModelProfile profile) {
        return new Parsing(profile, null, null, DEFAULT_SPOC_MARKER);
    }

    public Parsing withSegmenter(@Nullable Segmenter s) { return new Parsing(profile, s, verdictParser, spocMarker); }
    public Parsing withVerdictParser(@Nullable VerdictParser p) { return new Parsing(profile, segmenter, p, spocMarker); }
    public Parsing withSpocMarker(String m) { return new Parsing(profile, segmenter, verdictParser, m); }

    public Segmenter segmenterOr(String defaultId) {
        if (segmenter != null) return segmenter;
        if (profile != null) return profile.segmenter();
        return Segmenters.byId(defaultId);
    }

    public VerdictParser verdictParserOr(String defaultId) {
        if (verdictParser != null) return verdictParser;
        if (profile != null) return profile.verdictParser();
        return VerdictParsers.byId(defaultId);
    }

    /** The marker followed by the verdict word (group {@code verdict}). */
    public Pattern spocVerdictLine() {
        return Pattern.compile(Pattern.quote(spocMarker) + "[ \\t]*(?<verdict>[A-Za-z]*)");
    }
}
