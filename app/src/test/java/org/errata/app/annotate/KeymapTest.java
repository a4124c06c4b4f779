package org.errata.app.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeymapTest {
    @TempDir Path dir;

    @Test
    void defaultsBindTheDocumentedKeys() {
        Keymap k = Keymap.defaults();
        assertThat(k.action("j")).contains(Action.NEXT_STEP);
        assertThat(k.action("Down")).contains(Action.NEXT_STEP);
        assertThat(k.action("k")).contains(Action.PREVIOUS_STEP);
        assertThat(k.action("Up")).contains(Action.PREVIOUS_STEP);
        assertThat(k.action("x")).contains(Action.FIRST_ERROR);
        assertThat(k.action("a")).contains(Action.ALL_CORRECT);
        assertThat(k.action("1")).contains(Action.RATE_GOOD);
        assertThat(k.action("2")).contains(Action.RATE_NEUTRAL);
        assertThat(k.action("3")).contains(Action.RATE_BAD);
        assertThat(k.action("u")).contains(Action.UNDO);
        assertThat(k.action("s")).contains(Action.SKIP);
        assertThat(k.action("f")).contains(Action.BAD_PROBLEM);
        assertThat(k.action("?")).contains(Action.SHEET);
        assertThat(k.action("q")).isEmpty();
        assertThat(k.sheet()).hasSize(Action.values().length + 1);
        assertThat(k.sheet().get(Action.values().length)).isEqualTo(java.util.Map.entry("Esc", Keymap.CLOSE_HELP));
    }

    @Test
    void aFileOverridesSomeActionsAndTheRestKeepDefaults() throws IOException {
        Path file = dir.resolve("errata/annotation-keys.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "first-error = e, Space\nall-correct=c\n");
        Keymap k = Keymap.load(file);
        assertThat(k.action("e")).contains(Action.FIRST_ERROR);
        assertThat(k.action("Space")).contains(Action.FIRST_ERROR);
        assertThat(k.action("x")).isEmpty();
        assertThat(k.action("c")).contains(Action.ALL_CORRECT);
        // e and c were taken from error-type and confidence, which are left without keys.
        assertThat(k.keys(Action.ERROR_TYPE)).isEmpty();
        assertThat(k.action("j")).contains(Action.NEXT_STEP);

        Path saved = dir.resolve("copy.properties");
        k.save(saved);
        assertThat(Keymap.load(saved)).isEqualTo(k);
        assertThat(Keymap.load(dir.resolve("missing.properties"))).isEqualTo(Keymap.defaults());
    }

    @Test
    void rebindingMovesTheKey() {
        Keymap k = Keymap.defaults().with(Action.UNDO, List.of("z", "j"));
        assertThat(k.action("j")).contains(Action.UNDO);
        assertThat(k.keys(Action.NEXT_STEP)).containsExactly("Down");
        assertThatThrownBy(() -> Keymap.defaults().with(Action.UNDO, List.of("z", "z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
