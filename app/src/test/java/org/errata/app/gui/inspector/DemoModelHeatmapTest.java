package org.errata.app.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import org.errata.app.demo.DemoSpocRun;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.TraceNode;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.TokenLogprob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The token heatmap of a real demo-model run: the embedded runtime records every token's
 * log-probability and its most likely alternatives by default (no strategy asks for them on an
 * attempt), they are stored in SQLite, and the inspector colours one label per token; with
 * {@code runtime.top_logprobs = -1} nothing is recorded and the Tokens tab says why.
 */
class DemoModelHeatmapTest {

    @TempDir
    Path tmp;

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void anEmbeddedRunShowsEveryAttemptTokenInTheHeatmapByDefault() throws Exception {
        RuntimeOptions runtime = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(1);
        List<TraceNode> nodes = run(runtime, "recorded");
        Attempt first = firstAttempt(nodes);
        assertThat(first.logprobs()).isNotEmpty();
        assertThat(first.logprobs()).allSatisfy(t -> {
            assertThat(t.logprob()).isLessThanOrEqualTo(0.0);
            assertThat(t.top()).hasSize(RuntimeOptions.DEFAULT_TOP_LOGPROBS);
            // the alternatives come best first, and the chosen token is never likelier than the best
            assertThat(t.top().get(0).logprob()).isGreaterThanOrEqualTo(t.top().get(1).logprob());
            assertThat(t.logprob()).isLessThanOrEqualTo(t.top().get(0).logprob() + 1e-6);
        });
        String joined = String.join("", first.logprobs().stream().map(TokenLogprob::token).toList());
        // the attempt's own tokens: its piece of the single-pass stream, not the verification after it
        assertThat(joined.strip()).startsWith(first.text().substring(0, 20));
        assertThat(joined).doesNotContain("Verification:");

        InspectorDocument doc = InspectorDocument.of(first, nodes, null);
        assertThat(doc.details()).anySatisfy(d -> {
            assertThat(d.key()).isEqualTo("logprobs");
            assertThat(d.value()).startsWith(first.logprobs().size() + " tokens, with the 3 most likely alternatives");
        });
        Pane heatmap = showInInspector(doc);
        List<Node> labels = List.copyOf(heatmap.lookupAll(".token"));
        assertThat(labels).hasSize(first.logprobs().size());
        // one line of the heatmap per line of the attempt
        assertThat(heatmap.getChildren()).hasSize(
                1 + (int) first.logprobs().stream().filter(t -> t.token().endsWith("\n")).count());
        assertThat(labels).allSatisfy(n -> {
            assertThat(n.getStyleClass()).anyMatch(c -> c.matches("heat-[0-4]"));
            assertThat(((Label) n).getTooltip().getText()).contains("p=");
        });
    }

    @Test
    void withTopLogprobsOffNothingIsRecordedAndTheTokensTabSaysWhy() throws Exception {
        RuntimeOptions runtime = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(1)
                .withTopLogprobs(-1);
        List<TraceNode> nodes = run(runtime, "off");
        Attempt first = firstAttempt(nodes);
        assertThat(first.logprobs()).isEmpty();
        Pane heatmap = showInInspector(InspectorDocument.of(first, nodes, null));
        assertThat(heatmap.getChildren()).singleElement()
                .satisfies(n -> assertThat(((Label) n).getText()).contains("runtime.top_logprobs"));
    }

    private List<TraceNode> run(RuntimeOptions runtime, String name) throws Exception {
        try (LanguageModel model = LanguageModels.open(DemoSpocRun.modelFolder(tmp).toString(), runtime)) {
            return DemoSpocRun.run(model, tmp.resolve(name + ".db"), DemoSpocRun.SLIPS_AND_CORRECTS, name).trace().nodes();
        }
    }

    private static Attempt firstAttempt(List<TraceNode> nodes) {
        return nodes.stream().filter(n -> n instanceof Attempt a && a.turn() == 1).map(Attempt.class::cast)
                .findFirst().orElseThrow();
    }

    private static Pane showInInspector(InspectorDocument doc) throws Exception {
        FxToolkit.registerPrimaryStage();
        InspectorViewModel vm = new InspectorViewModel();
        InspectorView view = (InspectorView) FxToolkit.setupSceneRoot(() -> new InspectorView(vm, new SimpleBooleanProperty(false)));
        WaitForAsyncUtils.asyncFx(() -> vm.documentProperty().set(doc)).get();
        FxToolkit.showStage();
        // as a user opens it: the Tokens tab's content joins the scene when the tab is first selected
        WaitForAsyncUtils.asyncFx(() -> view.tabs().getSelectionModel().select(
                view.tabs().getTabs().stream().filter(t -> "tab-tokens".equals(t.getId())).findFirst().orElseThrow())).get();
        WaitForAsyncUtils.waitForFxEvents();
        return (Pane) view.lookup("#heatmap");
    }
}
