package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.errata.assets.Assets;
import org.errata.trainer.data.DemoFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train-demo --eval-all} with the bundled demo model on two held-out problems: every
 * strategy runs through the engine with its built-in recipe and gets one row of the table. The
 * figures are not asserted (they depend on the model); the table's shape and that each strategy
 * ran on every problem are.
 */
class TrainDemoEvalAllTest {

    @TempDir
    Path tmp;

    @Test
    void everyStrategyRunsAndGetsOneRowOfOneTable() throws Exception {
        Path folder = new Assets(Assets.class.getClassLoader(), tmp.resolve("data")).demoModel();
        Cli.Result r = Cli.run("--db", tmp.resolve("errata.db").toString(), "train-demo", "--eval-all", "--out", folder.toString(),
                "--eval", "2", "--eval-max-tokens", "96", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = r.out().lines().filter(l -> l.startsWith("| ")).toList();
        assertThat(rows.get(0)).startsWith("| strategy | problems | first | final |").contains("maj@N", "refine@N", "critic F1",
                "teacher located");
        assertThat(rows).hasSize(1 + DemoFormat.values().length);
        for (DemoFormat f : DemoFormat.values()) {
            assertThat(rows).as(f.recipe()).anySatisfy(row -> assertThat(row).startsWith("| " + f.recipe() + " | 2 | "));
        }
        assertThat(rows).filteredOn(row -> row.startsWith("| gsr | ")).singleElement()
                .satisfies(row -> assertThat(row.split("\\|")[9].strip()).endsWith("%"));
        assertThat(rows).filteredOn(row -> row.startsWith("| critic | ")).singleElement()
                .satisfies(row -> assertThat(row.split("\\|")[11].strip()).matches("\\d\\.\\d\\d"));
    }
}
