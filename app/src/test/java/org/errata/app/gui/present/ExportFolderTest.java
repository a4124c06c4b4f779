package org.errata.app.gui.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFolderTest {
    @TempDir Path home;

    @Test
    void lastFolderThenDocumentsThenHome() throws Exception {
        assertThat(ExportFolder.initial(null, home)).isEqualTo(home);
        Path docs = Files.createDirectory(home.resolve("Documents"));
        assertThat(ExportFolder.initial(null, home)).isEqualTo(docs);
        Path last = Files.createDirectory(home.resolve("talks"));
        assertThat(ExportFolder.initial(last.toString(), home)).isEqualTo(last);
        assertThat(ExportFolder.initial(home.resolve("gone").toString(), home)).isEqualTo(docs);
    }
}
