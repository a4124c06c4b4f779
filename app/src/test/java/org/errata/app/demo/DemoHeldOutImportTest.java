package org.errata.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.errata.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoHeldOutImportTest {

    @Test
    void demoHeldOutImportsAsADatasetOf500Problems(@TempDir Path dir) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--db", dir.resolve("e.db").toString(), "import", "demo-heldout");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("500 problems into dataset 'demo-heldout'");
    }
}
