package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.errata.app.annotate.AnnotateFixtures;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code errata export --out}: only regular files are written, whole or not at all, and nothing is left behind. */
class ExportCommandTest {
    static final String SELF_REFERENCE = "\\newcommand{\\a}{\\a}\\a";
    static final String DEEP_FRAC = "\\frac{1}{".repeat(1000) + "1" + "}".repeat(1000);
    static final String HUGE_RULE = "\\rule{100000cm}{100000cm}";

    @TempDir Path dir;
    private String db;
    private String run;

    @BeforeEach
    void database() throws Exception {
        Path file = dir.resolve("e.db");
        try (Database d = Database.open(file)) {
            TraceStore store = new TraceStore(d);
            new DatasetStore(d).saveProblems("t", "test problems", AnnotateFixtures.PROBLEMS);
            store.saveRun(AnnotateFixtures.run("self-refine"));
            for (Trace t : AnnotateFixtures.traces()) store.saveTrace(t);
            // A fourth problem whose attempt carries the three known attacks on the math renderer.
            org.errata.correction.trace.Problem hostile = org.errata.correction.trace.Problem.of("t", "4", "What is $1+1$?", "2");
            new DatasetStore(d).saveProblems("t", "test problems", List.of(hostile));
            org.errata.app.services.sample.TraceBuilder b = new org.errata.app.services.sample.TraceBuilder(AnnotateFixtures.RUN, hostile.id(), "m");
            b.attempt(null, 1, "p", "Loop $" + SELF_REFERENCE + "$ then deep $" + DEEP_FRAC + "$ then big $" + HUGE_RULE
                    + "$ and fine $\\frac{1}{2}$.", "2", true, false);
            store.saveTrace(b.finish("2", true));
        }
        db = file.toString();
        run = AnnotateFixtures.RUN.value();
    }

    private Cli.Result export(String format, Path out, String... more) {
        return export(format, "t/1", out, more);
    }

    private Cli.Result export(String format, String problem, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--db", db, "export", "--run", run, "--format", format, "--out", out.toString()));
        if (format.equals("html") || format.equals("png")) args.addAll(List.of("--problem", problem));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Every file under the test folder whose name says it is a temporary part. */
    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private static void assertOneLineError(Cli.Result r, String... fragments) {
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("errata: ").doesNotContain("\n").doesNotContain("\tat ").contains(fragments);
    }

    @Test
    void aSymlinkIsFollowedToItsTargetAndStaysALink() throws Exception {
        for (String format : List.of("jsonl", "trl-sft", "html", "png")) {
            Path real = dir.resolve("real-" + format);
            Files.writeString(real, "old");
            Path link = Files.createSymbolicLink(dir.resolve("link-" + format), real.getFileName());
            Cli.Result r = export(format, link);
            assertThat(r.code()).as(format + ": " + r.err()).isZero();
            assertThat(Files.isSymbolicLink(link)).as(format).isTrue();
            assertThat(Files.readString(link.resolveSibling(Files.readSymbolicLink(link)), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as(format).isNotEqualTo("old");
        }
        assertThat(ImageIO.read(dir.resolve("real-png").toFile()).getWidth()).isEqualTo(1000);
        assertThat(Files.readString(dir.resolve("real-html"))).contains("Content-Security-Policy");
        // A dangling link: the file it names is created, the link kept.
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), Paths.get("sub", "made.jsonl"));
        assertThat(export("jsonl", link).code()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(dir.resolve("sub/made.jsonl"))).hasSize(4);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFolderIsRefusedWithOneLineAndNothingLeftBehind() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        for (String format : List.of("jsonl", "trl-sft", "html", "png")) {
            assertOneLineError(export(format, folder), folder.toString(), "is a folder");
            assertOneLineError(export(format, folder.resolve(".")), "is a folder");
        }
        try (Stream<Path> s = Files.list(folder)) {
            assertThat(s.toList()).containsExactly(folder.resolve("keep.txt"));
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFifoOrADeviceIsRefusedAndLeftAsItWas() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        Path toDevice = Files.createSymbolicLink(dir.resolve("null-link"), Paths.get("/dev/null"));
        for (String format : List.of("jsonl", "trl-sft", "html", "png")) {
            assertOneLineError(export(format, fifo), "not a regular file");
            assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.isDirectory(fifo)).isFalse();
            assertOneLineError(export(format, toDevice), "/dev/null", "not a regular file");
            assertThat(Files.isSymbolicLink(toDevice)).isTrue();
        }
        assertThat(Files.isRegularFile(Paths.get("/dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoPart() throws Exception {
        // The folder that should hold the file is a file: nothing can be created there.
        Path notAFolder = dir.resolve("plain");
        Files.writeString(notAFolder, "x");
        for (String format : List.of("jsonl", "html", "png")) {
            Cli.Result r = export(format, notAFolder.resolve("out." + format));
            assertOneLineError(r, "plain");
        }
        // A refused size leaves the earlier export whole.
        Path png = dir.resolve("trace.png");
        assertThat(export("png", png).code()).isZero();
        byte[] before = Files.readAllBytes(png);
        assertOneLineError(export("png", png, "--width", "100000000"), "--width 100000000", "8000");
        assertOneLineError(export("png", png, "--width", "10"), "--width 10", "320");
        assertThat(Files.readAllBytes(png)).isEqualTo(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void hostileMathEndsInSecondsAsEscapedSourceInHtmlAndPng() throws Exception {
        Path html = dir.resolve("hostile.html");
        long t0 = System.nanoTime();
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> export("html", "t/4", html));
        assertThat(r.code()).as(r.err()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("<code class=\"tex\">\\newcommand{\\a}{\\a}\\a</code>")
                .contains("<code class=\"tex\">" + HUGE_RULE + "</code>")
                .contains("<code class=\"tex\">" + DEEP_FRAC + "</code>")
                .contains("<img class=\"math\" alt=\"\\frac{1}{2}\"");
        Path png = dir.resolve("hostile.png");
        r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> export("png", "t/4", png));
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isLessThan(2_000);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void helpListsEveryFormatWithOneLine() {
        Cli.Result r = Cli.run("export", "--help");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        for (org.errata.persistence.io.ExportFormat f : org.errata.persistence.io.ExportFormat.values()) {
            assertThat(lines).as(f.wireName()).filteredOn(l -> l.strip().startsWith(f.wireName() + " "))
                    .singleElement().asString().endsWith(f.description());
        }
        assertThat(lines).anyMatch(l -> l.strip().startsWith("html ")).anyMatch(l -> l.strip().startsWith("png "));
    }

    @Test
    void aRunWithoutStreamsWritesNoSidecarAndAnEmptyPairSftSaysWhy() throws Exception {
        // The fixtures are self-refine traces: no SPOC stream and no self-checked samples.
        Path out = dir.resolve("sft.jsonl");
        Cli.Result r = export("trl-sft", out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("sidecar");
        assertThat(org.errata.persistence.io.Exporter.sidecar(out)).doesNotExist();
        Cli.Result empty = export("spoc-pairsft", dir.resolve("pairs.jsonl"));
        assertOneLineError(empty, "0 PairSFT items", "--allow-empty");
    }
}
