package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.CopyStats;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.RandomCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CopySpec as it runs by default, with its cost rule (no {@link DraftPlanner#CHECK_EVERY_DRAFT}):
 * on text with nothing to copy the decoder runs exactly the steps it runs with CopySpec off (as
 * many, of the same shapes, the same engine calls), never one wider than one token per row; drafts
 * that keep failing are checked seldom, and the output is the same as without CopySpec throughout.
 */
class CopySpecCostRuleTest {

    private static final RuntimeOptions CPU = RuntimeOptions.defaults()
            .withDevice(RuntimeOptions.Device.CPU).withThreads(1).withPrefixCacheEntries(0);

    /** Random words of a 512-token placeholder vocabulary, as `errata bench copyspec` uses for random text. */
    private static String randomWords(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> tokens = LlamaGguf.placeholderTokens(512);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(tokens.get(3 + r.nextInt(509)));
        }
        return sb.toString();
    }

    private static List<GenerationRequest> randomText(int n) {
        List<GenerationRequest> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(GenerationRequest.of(Prompt.raw(randomWords(8, 100 + i)), SamplingConfig.temperature(1.0, i), 120));
        }
        return rs;
    }

    @Test
    void withNothingToCopyTheDecoderRunsExactlyTheStepsItRunsWithCopySpecOffSingleOrBatched(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("hf");
        new RandomCheckpoint(RandomCheckpoint.shape("llama", 512, 64, 2, 4, 4, 128), 7, 0.2).writeHuggingFace(folder);
        try (LanguageModel off = LanguageModels.open(folder.toString(), CPU.withCopySpec(CopySpec.off()));
             LanguageModel on = LanguageModels.open(folder.toString(), CPU.withCopySpec(CopySpec.on()))) {
            List<GenerationRequest> rs = randomText(8);
            DjlLanguageModel plain = (DjlLanguageModel) off;
            DjlLanguageModel copying = (DjlLanguageModel) on;
            long[] batchedOff = plain.decodeSteps();
            long batchedCallsOff = DecodeStep.engineCalls();
            List<GenerationResult> batchedWithout = off.generateBatch(rs, TokenListener.NONE, Cancellation.none());
            batchedOff = minus(plain.decodeSteps(), batchedOff);
            batchedCallsOff = DecodeStep.engineCalls() - batchedCallsOff;
            long[] batchedOn = copying.decodeSteps();
            long batchedCallsOn = DecodeStep.engineCalls();
            List<GenerationResult> batched = on.generateBatch(rs, TokenListener.NONE, Cancellation.none());
            assertThat(minus(copying.decodeSteps(), batchedOn)).as("batched: steps and token slots")
                    .containsExactly(batchedOff);
            assertThat(DecodeStep.engineCalls() - batchedCallsOn).as("batched: engine calls").isEqualTo(batchedCallsOff);
            assertThat(batchedOff[1]).as("batched: several rows per step").isGreaterThan(batchedOff[0]);
            int tokens = 0;
            for (int i = 0; i < rs.size(); i++) {
                long[] stepsOff = plain.decodeSteps();
                long callsOff = DecodeStep.engineCalls();
                long arraysOff = DecodeStep.arraysMade();
                GenerationResult without = off.generate(rs.get(i));
                stepsOff = minus(plain.decodeSteps(), stepsOff);
                callsOff = DecodeStep.engineCalls() - callsOff;
                arraysOff = DecodeStep.arraysMade() - arraysOff;
                long[] stepsOn = copying.decodeSteps();
                long callsOn = DecodeStep.engineCalls();
                long arraysOn = DecodeStep.arraysMade();
                GenerationResult with = on.generate(rs.get(i));
                stepsOn = minus(copying.decodeSteps(), stepsOn);
                // the same decoding steps of the same shapes: the same engine calls, one by one counted
                assertThat(stepsOn).as("steps and token slots, request %d", i).containsExactly(stepsOff);
                assertThat(stepsOn[0]).isEqualTo(with.first().completionTokens() - 1);
                assertThat(DecodeStep.engineCalls() - callsOn).as("engine calls, request %d", i).isEqualTo(callsOff);
                assertThat(DecodeStep.arraysMade() - arraysOn).as("arrays made, request %d", i).isEqualTo(arraysOff);
                assertThat(with.first().text()).isEqualTo(without.first().text());
                assertThat(batched.get(i).first().text()).isEqualTo(without.first().text());
                assertThat(batchedWithout.get(i).first().text()).isEqualTo(without.first().text());
                assertThat(with.copy()).isEqualTo(CopyStats.NONE);
                assertThat(batched.get(i).copy()).isEqualTo(CopyStats.NONE);
                tokens += with.first().completionTokens();
            }
            assertThat(tokens).as("the texts are long enough to matter").isGreaterThan(500);
            assertThat(((DjlLanguageModel) on).checkingSteps()).as("steps wider than one token").isZero();
        }
    }

    private static long[] minus(long[] a, long[] b) {
        return new long[] {a[0] - b[0], a[1] - b[1]};
    }

    @Test
    void draftsThatKeepFailingAreCheckedSeldomAndChangeNothing(@TempDir Path dir) throws Exception {
        Path folder = TinyModels.llama(dir);
        // gamma 1 on random weights: one token recurs often, so drafts are proposed at most steps and mostly fail
        CopySpec gamma1 = CopySpec.on().withGamma(1);
        System.setProperty(DraftPlanner.CHECK_EVERY_DRAFT, "true");
        LanguageModel everyDraft = LanguageModels.open(folder.toString(), CPU.withCopySpec(gamma1));
        System.clearProperty(DraftPlanner.CHECK_EVERY_DRAFT);
        try (everyDraft;
             LanguageModel off = LanguageModels.open(folder.toString(), CPU.withCopySpec(CopySpec.off()));
             LanguageModel on = LanguageModels.open(folder.toString(), CPU.withCopySpec(gamma1))) {
            List<GenerationRequest> rs = CopySpecTest.PROMPTS.stream()
                    .map(p -> GenerationRequest.of(Prompt.raw(p), SamplingConfig.temperature(1.0, 5), 80)).toList();
            CopyStats checkedAll = CopyStats.NONE;
            CopyStats checkedByRule = CopyStats.NONE;
            for (GenerationRequest r : rs) {
                GenerationResult without = off.generate(r);
                GenerationResult all = everyDraft.generate(r);
                GenerationResult rule = on.generate(r);
                assertThat(rule.first().text()).isEqualTo(without.first().text());
                assertThat(all.first().text()).isEqualTo(without.first().text());
                checkedAll = checkedAll.plus(all.copy());
                checkedByRule = checkedByRule.plus(rule.copy());
            }
            System.out.printf("drafts checked: every draft %d (%d of %d tokens accepted), by the rule %d (%d of %d);"
                            + " checking steps %d vs %d%n", checkedAll.hits(), checkedAll.accepted(), checkedAll.drafted(),
                    checkedByRule.hits(), checkedByRule.accepted(), checkedByRule.drafted(),
                    ((DjlLanguageModel) everyDraft).checkingSteps(), ((DjlLanguageModel) on).checkingSteps());
            assertThat(checkedAll.hits()).as("most drafts fail").isGreaterThan(100);
            // the back-off's waits remove checks whatever the timings; the planner, whose choices follow
            // measured step times, removes more or fewer (12-51 checks against 142 at load 15-26)
            assertThat(checkedByRule.hits()).isLessThan(checkedAll.hits() * 2 / 3);
            assertThat(checkedByRule.rejected()).isLessThan(checkedAll.rejected() * 2 / 3);
        }
    }
}
