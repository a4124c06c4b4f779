package org.errata.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.app.gui.inspector.InspectorDocument;
import org.errata.assets.Assets;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.CopiedSpan;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.TraceNode;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.CopyStats;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CopySpec with the bundled demo weights: the same text with it off and on (greedy, single and
 * batched, first attempts and correction turns), and through the real engine and store a
 * correction whose copied spans point at the text they copy, as the inspector shows them.
 */
class DemoModelCopySpecTest {

    @TempDir
    Path tmp;

    private static final RuntimeOptions CPU = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU)
            .withThreads(1);

    @Test
    void greedyTextIsTheSameWithAndWithoutCopySpec() throws Exception {
        Path folder = new Assets(Assets.class.getClassLoader(), tmp.resolve("data")).demoModel();
        List<String> lines = Files.readAllLines(new Assets(Assets.class.getClassLoader(), tmp.resolve("data")).demoHeldOut());
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String q = lines.get(i).replaceAll(".*\"question\":\"([^\"]*)\".*", "$1");
            ChatMessage user = ChatMessage.user(q);
            requests.add(GenerationRequest.of(Prompt.chat(user), SamplingConfig.greedy(), 400));
            // a correction turn: a first attempt with a slipped last step sent back as the assistant's text
            String slipped = "Step 1: 12 + 30 = 42\nStep 2: 42 + 7 = 50\nThe answer is \\boxed{50}.\n\n";
            requests.add(GenerationRequest.of(new Prompt.Chat(List.of(user, ChatMessage.assistant(slipped)), true),
                    SamplingConfig.greedy(), 300));
        }
        // every draft checked, whatever the planner would choose, so that identity is tested on as many as possible
        System.setProperty("errata.copyspec.checkEveryDraft", "true");
        LanguageModel checkEvery;
        try {
            checkEvery = LanguageModels.open(folder.toString(), CPU);
        } finally {
            System.clearProperty("errata.copyspec.checkEveryDraft");
        }
        try (LanguageModel off = LanguageModels.open(folder.toString(), CPU.withCopySpec(CopySpec.off()));
             LanguageModel on = checkEvery) {
            List<GenerationResult> batched = on.generateBatch(requests, e -> { }, Cancellation.none());
            CopyStats copy = CopyStats.NONE;
            for (int i = 0; i < requests.size(); i++) {
                String expected = off.generate(requests.get(i)).first().text();
                GenerationResult single = on.generate(requests.get(i));
                assertThat(single.first().text()).as("request " + i).isEqualTo(expected);
                assertThat(batched.get(i).first().text()).as("batched request " + i).isEqualTo(expected);
                copy = copy.plus(single.copy());
            }
            assertThat(copy.accepted()).isGreaterThan(copy.drafted() / 3);
            assertThat(copy.accepted()).isGreaterThan(200);
        }
    }

    @Test
    void aCorrectionsCopiedSpansAreStoredAndPointAtTheirSource() throws Exception {
        DemoSpocRun demo;
        try (LanguageModel model = DemoSpocRun.openCheckingEveryDraft(DemoSpocRun.modelFolder(tmp), CPU)) {
            demo = DemoSpocRun.run(model, tmp.resolve("errata.db"), DemoSpocRun.SLIPS_AND_CORRECTS, "test");
        }
        Run run = demo.run();
        {
            List<TraceNode> nodes = demo.trace().nodes();
            List<Attempt> attempts = nodes.stream().filter(n -> n instanceof Attempt).map(Attempt.class::cast).toList();
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
            Attempt first = attempts.get(0);
            Attempt second = attempts.get(1);
            assertThat(first.stats().copying().drafted()).as("the call's figures sit on its first node").isPositive();
            List<CopiedSpan> spans = second.stats().copying().spans();
            assertThat(spans).isNotEmpty();
            String context = second.prompt() + second.text();
            for (CopiedSpan s : spans) {
                String copied = second.text().substring(s.start(), s.end());
                assertThat(context.substring(s.source(), s.source() + copied.length())).isEqualTo(copied);
            }

            InspectorDocument doc = InspectorDocument.of(second, nodes, run);
            assertThat(doc.title()).matches("Attempt 2 \u00B7 \\d+ % copied");
            assertThat(doc.copied()).isNotEmpty();
            assertThat(doc.copied()).anyMatch(m -> m.note().matches("copied from attempt 1, step \\d"));
            InspectorDocument.Mark mark = doc.copied().get(0);
            assertThat(doc.copiedNoteAt(mark.start())).contains(mark.note());
        }
    }
}
