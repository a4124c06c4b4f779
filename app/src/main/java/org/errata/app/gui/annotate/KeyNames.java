package org.errata.app.gui.annotate;

import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/** A key press as the keymap names it: letters and digits as typed ({@code j}, {@code 1}), {@code ?}, else the key's name ({@code Down}). */
public final class KeyNames {
    private KeyNames() {}

    public static Optional<String> of(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return Optional.empty();
        KeyCode c = e.getCode();
        if (c == KeyCode.SLASH && e.isShiftDown() || "?".equals(e.getText())) return Optional.of("?");
        if (c.isLetterKey()) return Optional.of(c.getName().toLowerCase(java.util.Locale.ROOT));
        if (c.isDigitKey()) {
            String name = c.getName();
            return Optional.of(name.substring(name.length() - 1));
        }
        if (c == KeyCode.UNDEFINED) return e.getText().isBlank() ? Optional.empty() : Optional.of(e.getText());
        return Optional.of(c.getName());
    }
}
