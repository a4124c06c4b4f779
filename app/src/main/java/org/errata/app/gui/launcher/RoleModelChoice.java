package org.errata.app.gui.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.errata.app.services.ModelSource;
import org.errata.correction.engine.ModelRole;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's choice of a model for one role other than the student (SuperCorrect's teacher
 * or inspector, the critic): the main model by default, or the bundled demo model, a local
 * folder or an OpenAI-compatible server of its own.
 */
public final class RoleModelChoice {

    public enum Kind {
        MAIN("Same as the main model"), DEMO("Bundled demo model"), FOLDER("Local model folder"),
        SERVER("OpenAI-compatible server");
        private final String label;
        Kind(String label) { this.label = label; }
        @Override public String toString() { return label; }
    }

    private final ModelRole role;
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(this, "kind", Kind.MAIN);
    private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
    private final StringProperty serverUrl = new SimpleStringProperty(this, "serverUrl", "http://localhost:8000/v1");
    private final StringProperty serverModel = new SimpleStringProperty(this, "serverModel", "");

    public RoleModelChoice(ModelRole role) {
        this.role = Objects.requireNonNull(role);
        if (role == ModelRole.STUDENT) throw new IllegalArgumentException("the student is the main model");
    }

    public ModelRole role() { return role; }

    /** "Teacher", "Inspector", "Critic". */
    public String label() {
        String n = role.wireName();
        return n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1);
    }

    /**
     * The model this role gets; null for the main model. IllegalArgumentException naming the role
     * when the chosen folder or server is left blank or is not a URL.
     */
    public @Nullable ModelSource source() {
        return switch (kind.get()) {
            case MAIN -> null;
            case DEMO -> new ModelSource.BundledDemo();
            case FOLDER -> {
                String f = folder.get().strip();
                if (f.isEmpty()) throw new IllegalArgumentException(role.wireName() + " model: choose a folder");
                yield new ModelSource.LocalFolder(Path.of(f));
            }
            case SERVER -> {
                String u = serverUrl.get().strip();
                try {
                    URI uri = new URI(u);
                    if (uri.getScheme() == null || uri.getHost() == null) throw new java.net.URISyntaxException(u, "no host");
                    yield new ModelSource.OpenAiServer(uri, serverModel.get().strip());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalArgumentException(role.wireName() + " model: '" + u + "' is not a server URL", e);
                }
            }
        };
    }

    public ObjectProperty<Kind> kindProperty() { return kind; }
    public StringProperty folderProperty() { return folder; }
    public StringProperty serverUrlProperty() { return serverUrl; }
    public StringProperty serverModelProperty() { return serverModel; }
}
