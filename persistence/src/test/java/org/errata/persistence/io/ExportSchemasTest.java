package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.io.TrainerSchemas.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every training-set export, from runs of every kind that feeds it, fits the column types TRL and OpenRLHF document. */
class ExportSchemasTest {
    @TempDir Path dir;
    Database db;
    /** The scripted runs of {@link SeedExportsTest}, on this test's database. */
    SeedExportsTest seeds;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        seeds = new SeedExportsTest();
        seeds.dir = dir;
        seeds.db = db;
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The trainer schema each line of an export must fit. */
    static Schema schema(ExportFormat f, JsonNode line) {
        return switch (f) {
            case TRL_SFT -> line.has("messages") ? Schema.TRL_LANGUAGE_MODELING : Schema.TRL_PROMPT_COMPLETION;
            case TRL_SFT_PARTIAL, SPOC_PAIRSFT -> Schema.TRL_PROMPT_COMPLETION;
            case REWARDS -> Schema.TRL_UNPAIRED_PREFERENCE;
            case TRL_DPO -> Schema.TRL_PREFERENCE;
            case TRL_PRM -> Schema.TRL_STEPWISE;
            case OPENRLHF_DPO -> Schema.OPENRLHF_PREFERENCE;
            case OPENRLHF_PRM -> Schema.OPENRLHF_PRM;
            default -> throw new IllegalArgumentException(f + " is no training set");
        };
    }

    @Test
    void everyTrainingExportFitsItsTrainersColumns() throws Exception {
        List<RunId> runs = new ArrayList<>();
        for (Run r : List.of(seeds.superCorrect(), seeds.s2r(), seeds.spocRun(), seeds.bestOfNRun())) runs.add(r.id());
        runs.add(new Importer(db).importFile(ImportExportTest.fixture("samples_ungraded.jsonl"), new ImportOptions("ev", null, false, "test")).run());
        runs.add(new Importer(db).importFile(ImportExportTest.fixture("processbench.jsonl"), new ImportOptions("pb", null, false, "test")).run());
        Map<Schema, Integer> seen = new java.util.EnumMap<>(Schema.class);
        for (ExportFormat f : ExportFormat.values()) {
            if (!f.training()) continue;
            for (RunId run : runs) {
                Path out = dir.resolve(run.value() + "-" + f.wireName() + ".jsonl");
                new Exporter(db).exportRun(run, f, out, true);
                for (String l : Files.readAllLines(out)) {
                    JsonNode line = SeedExportsTest.JSON.readTree(l);
                    Schema s = schema(f, line);
                    assertThat(TrainerSchemas.check(s, line)).as("%s line %s", f.wireName(), l).isEmpty();
                    assertThat(line.path("id").isTextual()).as("id of %s", l).isTrue();
                    seen.merge(s, 1, Integer::sum);
                }
            }
        }
        // Every schema was exercised by at least one line.
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Schema.values());
    }

    @Test
    void theRewardLinesCarryS2rsRewardsConsistently() throws Exception {
        Run run = seeds.s2r();
        Path out = dir.resolve("rewards.jsonl");
        new Exporter(db).exportRun(run.id(), ExportFormat.REWARDS, out, false);
        for (String l : Files.readAllLines(out)) {
            JsonNode line = SeedExportsTest.JSON.readTree(l);
            int n = line.get("actions").size();
            assertThat(line.get("process_rewards").size()).isEqualTo(n);
            assertThat(line.get("action_spans").size()).isEqualTo(n);
            assertThat(line.get("reward_dist").asText()).matches("(R[+-]){" + n + "}");
            assertThat(line.get("outcome_reward").asDouble()).isEqualTo(line.get("label").asBoolean() ? 1.0 : -1.0);
        }
    }

    @Test
    void theCheckerRefusesWhatTheTrainersWouldMisread() throws Exception {
        assertThat(TrainerSchemas.check(Schema.TRL_PROMPT_COMPLETION, SeedExportsTest.JSON.readTree(
                "{\"prompt\":[{\"role\":\"user\",\"content\":\"q\"}],\"completion\":\"a\"}"))).isNotEmpty();
        assertThat(TrainerSchemas.check(Schema.TRL_PROMPT_COMPLETION, SeedExportsTest.JSON.readTree(
                "{\"prompt\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"system\",\"content\":\"s\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":\"a\"}]}"))).isNotEmpty();
        assertThat(TrainerSchemas.check(Schema.TRL_STEPWISE, SeedExportsTest.JSON.readTree(
                "{\"prompt\":\"q\",\"completions\":[\"a\",\"b\"],\"labels\":[true]}"))).isNotEmpty();
        assertThat(TrainerSchemas.check(Schema.TRL_UNPAIRED_PREFERENCE, SeedExportsTest.JSON.readTree(
                "{\"prompt\":\"q\",\"completion\":\"a\",\"label\":1}"))).isNotEmpty();
        assertThat(TrainerSchemas.check(Schema.OPENRLHF_PRM, SeedExportsTest.JSON.readTree(
                "{\"input\":\"q a ки b\",\"label\":[\"+\",\"-\"]}"))).isNotEmpty();
        assertThat(TrainerSchemas.check(Schema.OPENRLHF_PREFERENCE, SeedExportsTest.JSON.readTree(
                "{\"prompt\":[{\"role\":\"user\",\"content\":\"q\"}],\"chosen\":\"a\",\"rejected\":\"b\"}"))).isNotEmpty();
        assertThat(TrainerSchemas.check(Schema.TRL_PREFERENCE, SeedExportsTest.JSON.readTree(
                "{\"prompt\":\"q\",\"chosen\":\"a\",\"rejected\":\"b\"}"))).isEmpty();
    }
}
