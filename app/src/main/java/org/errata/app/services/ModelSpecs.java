package org.errata.app.services;

import java.nio.file.Path;
import org.errata.assets.AssetException;
import org.errata.assets.Assets;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.RuntimeOptions;

/**
 * Turns what a user types for a model — {@code demo}, a model folder, or a server URL — into an
 * open {@link LanguageModel}. {@code demo} is the bundled demo model (the {@code errata.demo.model}
 * property or {@code ERRATA_DEMO_MODEL} may point elsewhere, for development).
 */
public final class ModelSpecs {

    public static final String DEMO = "demo";
    public static final String DEMO_PROPERTY = "errata.demo.model";

    private ModelSpecs() {}

    /** The folder or URL a spec stands for. */
    public static String resolve(String spec) throws ModelLoadException {
        String s = spec.strip();
        if (!s.equals(DEMO)) {
            return s;
        }
        String override = System.getProperty(DEMO_PROPERTY);
        if (override == null || override.isBlank()) override = System.getenv("ERRATA_DEMO_MODEL");
        if (override != null && !override.isBlank()) {
            return override;
        }
        try {
            Path folder = Assets.standard().demoModel();
            return folder.toString();
        } catch (AssetException e) {
            throw new ModelLoadException("the bundled demo model cannot be used: " + e.getMessage(), e);
        }
    }

    public static LanguageModel open(String spec, RuntimeOptions options) throws ModelLoadException {
        return LanguageModels.open(resolve(spec), options);
    }
}
