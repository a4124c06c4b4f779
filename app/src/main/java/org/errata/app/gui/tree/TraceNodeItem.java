package org.errata.app.gui.tree;

import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.errata.correction.trace.TraceNode;
import org.jspecify.annotations.Nullable;

/**
 * The view model of one tree row: a trace node (or the problem at the root, or a node still
 * streaming) with its title, a one-line preview, badges and children. Lives on the UI thread;
 * needs no toolkit.
 */
public final class TraceNodeItem {

    public enum Kind { PROBLEM, ATTEMPT, STEP, VERIFICATION, ERROR_LOCATION, CORRECTION, AGGREGATE, HUMAN_LABEL }

    private final String key;
    private final Kind kind;
    private final @Nullable TraceNodeItem parent;
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty preview = new SimpleStringProperty(this, "preview", "");
    private final ReadOnlyStringWrapper streamedText = new ReadOnlyStringWrapper(this, "streamedText", "");
    private final ObservableList<Badge> badges = FXCollections.observableArrayList();
    private final ObservableList<TraceNodeItem> children = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable TraceNode> node = new SimpleObjectProperty<>(this, "node");
    private final BooleanProperty expanded = new SimpleBooleanProperty(this, "expanded", false);
    private final StringBuilder pending = new StringBuilder();

    TraceNodeItem(String key, Kind kind, @Nullable TraceNodeItem parent) {
        this.key = Objects.requireNonNull(key);
        this.kind = kind;
        this.parent = parent;
    }

    public String key() { return key; }
    public Kind kind() { return kind; }
    public @Nullable TraceNodeItem parent() { return parent; }
    public StringProperty titleProperty() { return title; }
    public String title() { return title.get(); }
    public StringProperty previewProperty() { return preview; }
    public String preview() { return preview.get(); }
    public ObservableList<Badge> badges() { return badges; }
    public ObservableList<TraceNodeItem> children() { return children; }
    public ObjectProperty<@Nullable TraceNode> nodeProperty() { return node; }
    public @Nullable TraceNode node() { return node.get(); }
    public BooleanProperty expandedProperty() { return expanded; }
    public boolean isExpanded() { return expanded.get(); }

    /** Text streamed so far while the node is being decoded; empty once final or never streamed. */
    public ReadOnlyStringProperty streamedTextProperty() { return streamedText.getReadOnlyProperty(); }
    public String streamedText() { return streamedText.get(); }

    public boolean isStreaming() { return badges.contains(Badge.STREAMING); }

    public int depth() {
        int d = 0;
        for (TraceNodeItem p = parent; p != null; p = p.parent) d++;
        return d;
    }

    void appendPending(String text) {
        pending.append(text);
    }

    /** Publishes text appended since the last commit (one property change per batch). */
    boolean commitPending() {
        if (pending.isEmpty()) return false;
        String text = streamedText.get() + pending;
        streamedText.set(text);
        pending.setLength(0);
        // The preview shows the newest text; only the tail is looked at, so long streams stay cheap.
        preview.set(TraceTreeModel.oneLine(text.length() <= 400 ? text : "\u2026" + text.substring(text.length() - 400)));
        return true;
    }

    void clearStreamed() {
        pending.setLength(0);
        streamedText.set("");
    }

    void setBadge(Badge b, boolean on) {
        if (on && !badges.contains(b)) badges.add(b);
        if (!on) badges.remove(b);
    }

    @Override
    public String toString() {
        return kind + " " + title.get() + " " + badges;
    }
}
