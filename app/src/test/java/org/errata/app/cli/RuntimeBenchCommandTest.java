package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RuntimeBenchCommandTest {

    @TempDir
    Path work;

    @Test
    void theRatioLineComparesTheLargestModelBothEnginesRan() {
        List<RuntimeBenchCommand.Row> rows = List.of(
                new RuntimeBenchCommand.Row("tiny", 3_700_000, "llama.cpp", 1000, 400, 4000),
                new RuntimeBenchCommand.Row("tiny", 3_700_000, "djl", 900, 600, 2000),
                new RuntimeBenchCommand.Row("~100M", 134_000_000, "llama.cpp", 600, 60, 300),
                new RuntimeBenchCommand.Row("~100M", 134_000_000, "djl", 300, 45, 600));
        assertThat(RuntimeBenchCommand.ratioLine(rows))
                .isEqualTo("ratio djl/llama.cpp single-stream decode on ~100M: 0.75x (batched: 2.00x)");
        assertThat(RuntimeBenchCommand.ratioLine(rows.subList(0, 1))).startsWith("ratio: n/a");
    }

    @Test
    void quickRunMeasuresTheEmbeddedModelOnAWrittenFolderAndCleansUp() throws Exception {
        AtomicReference<Path> opened = new AtomicReference<>();
        RuntimeBenchCommand command = new RuntimeBenchCommand((folder, threads) -> {
            assertThat(folder.resolve("config.json")).exists();
            assertThat(folder.resolve("model.safetensors")).exists();
            assertThat(folder.resolve("tokenizer.json")).exists();
            opened.set(folder);
            return Optional.of(new ScriptedLanguageModel("bench", (p, r, s) -> "a b c d e f g h"));
        });
        StringWriter text = new StringWriter();
        String home = System.getProperty("errata.home");
        System.setProperty("errata.home", work.resolve("no-probe-here").toString());
        try {
            int code = new CommandLine(command).setOut(new PrintWriter(text))
                    .execute("--quick", "--batch", "3", "--work-dir", work.toString());
            assertThat(code).isZero();
        } finally {
            if (home == null) System.clearProperty("errata.home");
            else System.setProperty("errata.home", home);
        }
        String out = text.toString();
        assertThat(out).contains("llama.cpp: not installed").contains("tiny").contains("scripted");
        assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("ratio");
        assertThat(opened.get()).isNotNull();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("the random weights are deleted").isEmpty();
        }
    }

    @Test
    void promptsUseTheRandomModelsVocabulary() {
        String p = RuntimeBenchCommand.prompt(512, 10, 3);
        assertThat(p.split(" ")).hasSize(10).allMatch(t -> t.matches("t\\d+") && Integer.parseInt(t.substring(1)) < 512);
        assertThat(RuntimeBenchCommand.prompt(512, 10, 3)).isEqualTo(p);
    }
}
