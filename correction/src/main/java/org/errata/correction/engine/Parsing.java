package org.errata.correction.engine;

import java.util.regex.Pattern;
import org.errata.correction.parse.ModelProfile;
import org.errata.correction.parse.Segmenter;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.parse.VerdictParsers;
import org.jspecify.annotations.Nullable;

/**
 * How the student's output is read: the segmenter that cuts attempts into steps, the parser of
 * its own verdicts, and the verdict line (marker and yes words) that ends a SPOC verification
 * inside one stream. An explicit segmenter or parser wins over the model profile, which wins
 * over the strategy's default. Fixed-format roles (the ProcessBench critic, SuperCorrect's
 * teacher) keep their own parsers. A recipe always gives a profile.
 */
public record Parsing(
        @Nullable ModelProfile profile,
        @Nullable Segmenter segmenter,
        @Nullable VerdictParser verdictParser) {

    /** The GenRM verdict line's fixed part; the verdict word follows it. */
    public static final String DEFAULT_SPOC_MARKER = ModelProfile.DEFAULT_VERDICT_MARKER;

    private static final ModelProfile NEUTRAL = new ModelProfile("default", Segmenters.PARAGRAPH, VerdictParsers.SPOC, null);

    public static Parsing defaults() {
        return new Parsing(null, null, null);
    }

    public static Parsing of(ModelProfile profile) {
        return new Parsing(profile, null, null);
    }

    public Parsing withSegmenter(@Nullable Segmenter s) { return new Parsing(profile, s, verdictParser); }
    public Parsing withVerdictParser(@Nullable VerdictParser p) { return new Parsing(profile, segmenter, p); }

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

    /** The profile, or the default GenRM verdict line and words without one. */
    public ModelProfile profileOrDefault() {
        return profile != null ? profile : NEUTRAL;
    }

    /** The marker followed by the verdict word (group {@code verdict}), bold, quotes and punctuation allowed. */
    public Pattern spocVerdictLine() {
        return profileOrDefault().verdictLine();
    }

    /** Whether a verdict word cut from the stream means yes. */
    public boolean yes(String word) {
        return profileOrDefault().yes(word);
    }

    public String spocMarker() {
        return profileOrDefault().verdictMarker();
    }
}
