package org.errata.app.gui.launcher;

import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.errata.correction.engine.Knob;
import org.jspecify.annotations.Nullable;

/**
 * One generated form field: a knob's description, the value the recipe gives it, and the text
 * the user typed. The field counts as set only when its text means another value than the
 * recipe's; {@link #error} says why a text is not a value.
 */
public final class KnobField {
    private final Knob knob;
    private final Object recipeValue;
    private final StringProperty text;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    KnobField(Knob knob, Object recipeValue) {
        this.knob = Objects.requireNonNull(knob);
        this.recipeValue = Objects.requireNonNull(recipeValue);
        this.text = new SimpleStringProperty(this, knob.name(), Knob.show(recipeValue));
        text.addListener((o, a, b) -> error.set(check(b)));
    }

    private String check(String t) {
        try {
            knob.coerce(t);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public Knob knob() { return knob; }
    public String key() { return knob.name(); }
    public Object recipeValue() { return recipeValue; }
    public StringProperty textProperty() { return text; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    /** The typed value when it differs from the recipe's; null when the user left it (or typed the same). */
    public @Nullable Object setValue() {
        Object v = knob.coerce(text.get());
        return v.equals(recipeValue) ? null : v;
    }

    public boolean isPrompt() {
        return knob.name().startsWith("prompts.");
    }
}
