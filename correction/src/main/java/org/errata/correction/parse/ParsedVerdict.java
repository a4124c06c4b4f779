package org.errata.correction.parse;

import java.util.Objects;
import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * What a verdict parser read: the verdict, the 0-based step the verifier blamed (-1 for "no
 * error", null when it named none) and the parser's id.
 */
public record ParsedVerdict(Verdict verdict, @Nullable Integer firstErrorStep, String parser) {

    public ParsedVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(parser, "parser");
        if (firstErrorStep != null && firstErrorStep < -1) {
            throw new IllegalArgumentException("first error step " + firstErrorStep);
        }
    }

    public static ParsedVerdict unparsed(String parser) {
        return new ParsedVerdict(Verdict.UNPARSED, null, parser);
    }
}
