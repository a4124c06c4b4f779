package org.errata.app.cli;

import java.util.Locale;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.RuntimeOptions;
import picocli.CommandLine.Option;

/** {@code --copyspec on|off} and {@code --copyspec-gamma N}: speculative copy decoding of an embedded model. */
final class CopySpecOption {

    @Option(names = "--copyspec", paramLabel = "on|off",
            description = "Draft tokens by copying from the context, checked in one pass (embedded models; default on).")
    String copySpec = "on";

    @Option(names = "--copyspec-gamma", paramLabel = "N",
            description = "Tokens that must match before copying (default " + CopySpec.DEFAULT_GAMMA + ").")
    int gamma = CopySpec.DEFAULT_GAMMA;

    /** {@code options} with these settings; an unknown value is refused with a one-line message. */
    RuntimeOptions apply(RuntimeOptions options) {
        boolean on = switch (copySpec.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--copyspec must be on or off, not '" + copySpec + "'");
        };
        return options.withCopySpec(options.copySpec().withEnabled(on).withGamma(gamma));
    }
}
