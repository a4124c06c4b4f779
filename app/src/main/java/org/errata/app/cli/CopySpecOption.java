package org.errata.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.errata.correction.recipe.Recipe;
import org.errata.runtime.api.RuntimeOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --copyspec on|off} and {@code --copyspec-gamma N}: speculative copy decoding of an
 * embedded model. For {@code errata run} they are shorthands for {@code --set runtime.copyspec=...}
 * and {@code --set runtime.copyspec_gamma=N} (the recipe is their home, recorded with the run);
 * for {@code errata generate}, which has no recipe, they set the runtime directly. Either way
 * the values are checked by the recipe's knobs.
 */
final class CopySpecOption {

    @Option(names = "--copyspec", paramLabel = "on|off",
            description = "Draft tokens by copying from the context, checked in one pass (embedded models; default on)."
                    + " In a run: same as --set runtime.copyspec=on|off.")
    @Nullable String copySpec;

    @Option(names = "--copyspec-gamma", paramLabel = "N",
            description = "Tokens that must match before copying (default 3). In a run: same as --set runtime.copyspec_gamma=N.")
    @Nullable Integer gamma;

    /** The recipe knobs these options set (only those given), for a run. */
    Map<String, Object> sets() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (copySpec != null) m.put(Recipe.COPYSPEC.name(), copySpec);
        if (gamma != null) m.put(Recipe.COPYSPEC_GAMMA.name(), gamma);
        return m;
    }

    /** {@code options} with these settings (for a call without a recipe); a bad value is refused in one line. */
    RuntimeOptions apply(RuntimeOptions options) {
        var c = options.copySpec();
        if (copySpec != null) {
            try {
                c = c.withEnabled((Boolean) Recipe.COPYSPEC.coerce(copySpec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--copyspec must be on or off, not '" + copySpec + "'", e);
            }
        }
        if (gamma != null) {
            try {
                c = c.withGamma((Integer) Recipe.COPYSPEC_GAMMA.coerce(gamma));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + e.getMessage().replace(Recipe.COPYSPEC_GAMMA.name(), "copyspec-gamma"), e);
            }
        }
        return options.withCopySpec(c);
    }
}
