package org.errata.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Errata's version and the git commit it was built from, read from the build's resource. */
public final class Version {
    private Version() {}

    private static final Properties PROPS = load();

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/org/errata/app/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // the defaults below stand in
        }
        return p;
    }

    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    public static String describe() {
        return "errata " + version() + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + ")";
    }
}
