package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key never reaches the database: a server that echoes the {@code Authorization} header
 * into its text and into its errors runs through the real run path into a real SQLite file, and
 * the key is in none of the file's bytes (nor the WAL's, nor the log's); a key in the URL is
 * refused before anything is written.
 */
class RunCredentialsTest {

    private static final String KEY = "sk-errata-test-93f1c07d2b";

    @TempDir Path dir;

    @Test
    void aServerThatEchoesTheKeyCannotGetItStored() throws Exception {
        Path db = dir.resolve("e.db");
        RunFixtures.sums(dir, db, 2);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            Map<String, String> env = Map.of("ERRATA_OPENAI_API_KEY", KEY);
            server.mode(FakeOpenAiServer.Mode.ECHO_KEY);
            ChildErrata.Result echoed = ChildErrata.run(dir, env, "--db", db.toString(), "run", "--dataset", "sums",
                    "--strategy", "spoc", "--max-turns", "1", "--model", server.spec(), "--quiet");
            assertThat(echoed.code()).as(echoed.err()).isZero();
            String run = echoed.out().strip();

            server.mode(FakeOpenAiServer.Mode.ECHO_KEY_IN_ERROR);
            ChildErrata.Result failed = ChildErrata.run(dir, env, "--db", db.toString(), "run", "--dataset", "sums",
                    "--strategy", "spoc", "--max-turns", "1", "--model", server.spec());
            assertThat(failed.code()).isEqualTo(1);
            assertThat(failed.err()).contains("bad credentials: Bearer ***").doesNotContain(KEY);

            try (Database d = Database.open(db)) {
                List<Trace> traces = new TraceStore(d).traces(new RunId(run));
                assertThat(traces).isNotEmpty();
                for (Trace t : traces) {
                    assertThat(t.attempts()).extracting(Attempt::text).allSatisfy(text ->
                            assertThat(text).as("the echo arrived, masked").contains("You sent Bearer ***"));
                }
            }
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> p.getFileName().toString().startsWith("e.")).toList();
        }
        assertThat(files).contains(db, dir.resolve("e.log"));
        for (Path f : files) assertThat(contains(f, KEY)).as(f.toString()).isFalse();
    }

    @Test
    void aKeyInTheServerAddressIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path db = dir.resolve("e.db");
        RunFixtures.sums(dir, db, 2);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            for (String url : List.of(server.baseUrl() + "?api_key=" + KEY + "#fake",
                    server.baseUrl().replace("http://", "http://me:" + KEY + "@") + "#fake")) {
                Cli.Result r = Cli.run("--db", db.toString(), "run", "--dataset", "sums", "--strategy", "spoc",
                        "--max-turns", "1", "--model", url, "--quiet");
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.err().lines().toList()).hasSize(1);
                assertThat(r.err()).contains("credentials are refused in URLs").contains("ERRATA_OPENAI_API_KEY")
                        .doesNotContain(KEY);
            }
        }
        try (Database d = Database.open(db)) {
            assertThat(new TraceStore(d).runs()).isEmpty();
        }
        assertThat(contains(db, KEY)).isFalse();
    }

    private static boolean contains(Path file, String text) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
