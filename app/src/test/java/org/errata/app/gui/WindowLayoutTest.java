package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WindowLayoutTest {
    private final Preferences node = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());

    @AfterEach
    void remove() throws BackingStoreException {
        node.removeNode();
    }

    @Test
    void roundTrips() throws BackingStoreException {
        WindowLayout l = new WindowLayout(10, 20, 1200, 800, true, List.of(0.3, 0.7), true);
        l.save(node);
        assertThat(WindowLayout.load(node)).isEqualTo(l);
    }

    @Test
    void nothingSavedGivesTheDefault() {
        assertThat(WindowLayout.load(node)).isEqualTo(WindowLayout.DEFAULT);
    }

    @Test
    void damagedValuesFallBackToDefaults() {
        node.put("dividers", "0.3,abc");
        node.putDouble("width", -5);
        WindowLayout l = WindowLayout.load(node);
        assertThat(l.dividers()).isEqualTo(WindowLayout.DEFAULT.dividers());
        assertThat(l.width()).isEqualTo(WindowLayout.DEFAULT.width());
    }
}
