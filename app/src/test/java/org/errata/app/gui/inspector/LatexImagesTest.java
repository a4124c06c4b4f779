package org.errata.app.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.errata.app.math.LatexRendererTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless: a formula shows its source until its image is ready, then the image takes the source's
 * place in the flow (also when the source was put in the flow only after the image was ready); a
 * formula drawn once is an image at once; one that does not render stays source, marked.
 */
class LatexImagesTest {
    /** Runs the rendering jobs only when told, on the thread that tells it. */
    private static final class Held implements Executor {
        final List<Runnable> jobs = new ArrayList<>();

        @Override
        public void execute(Runnable job) {
            jobs.add(job);
        }

        void runAll() {
            List<Runnable> now = List.copyOf(jobs);
            jobs.clear();
            now.forEach(Runnable::run);
        }
    }

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theSourceShowsUntilTheImageIsReadyThenTheImageTakesItsPlace() throws Exception {
        Held held = new Held();
        LatexImages latex = new LatexImages(held);
        TextFlow flow = fx(() -> {
            TextFlow f = new TextFlow(new Text("so "), latex.node("\\frac{1}{2}", false, 17f, false, "rendered-text"), new Text(" is half"));
            return f;
        });
        Node pending = flow.getChildren().get(1);
        assertThat(pending).isInstanceOf(Text.class);
        assertThat(((Text) pending).getText()).isEqualTo("$\\frac{1}{2}$");
        assertThat(pending.getStyleClass()).contains("rendered-text", "latex-pending");
        assertThat(fx(latex::inFlight)).isEqualTo(1);
        assertThat(held.jobs).hasSize(1);

        fx(() -> {
            held.runAll();
            return null;
        });
        assertThat(flow.getChildren()).hasSize(3);
        assertThat(flow.getChildren().get(1)).isInstanceOf(ImageView.class);
        assertThat(flow.getChildren().get(1).getStyleClass()).contains("math");
        assertThat(((ImageView) flow.getChildren().get(1)).getImage().getWidth()).isGreaterThan(10);
        assertThat(fx(latex::inFlight)).isZero();

        // drawn once: an image at once, no job
        Node again = fx(() -> latex.node("\\frac{1}{2}", false, 17f, false, "rendered-text"));
        assertThat(again).isInstanceOf(ImageView.class);
        assertThat(held.jobs).isEmpty();
    }

    @Test
    void oneJobServesEveryPlaceTheFormulaShowsAndASourceAddedLaterIsStillReplaced() throws Exception {
        Held held = new Held();
        LatexImages latex = new LatexImages(held);
        TextFlow first = fx(() -> new TextFlow(latex.node("x^2", false, 17f, true)));
        Node loose = fx(() -> latex.node("x^2", false, 17f, true));
        assertThat(held.jobs).hasSize(1);
        fx(() -> {
            held.runAll();
            return null;
        });
        assertThat(first.getChildren().get(0)).isInstanceOf(ImageView.class);
        // the second source was in no flow when the image came: it is replaced where it is first put
        TextFlow second = fx(() -> new TextFlow(new Text("a "), loose));
        assertThat(second.getChildren().get(1)).isInstanceOf(ImageView.class);
    }

    @Test
    void aFormulaThatDoesNotRenderStaysItsSourceMarkedAsAnError() throws Exception {
        LatexImages latex = new LatexImages(Runnable::run);
        Node refused = fx(() -> latex.node("\\def\\x{\\x}\\x", true, 17f, false, "step-text"));
        assertThat(refused).isInstanceOf(Text.class);
        assertThat(((Text) refused).getText()).isEqualTo("\\[\\def\\x{\\x}\\x\\]");
        assertThat(refused.getStyleClass()).contains("step-text", "latex-error").doesNotContain("latex-pending");
        assertThat(fx(latex::inFlight)).isZero();
    }

    @Test
    void theInspectorPresentationAndAnnotationImagesUseTheRenderersBudget() throws Exception {
        LatexImages latex = new LatexImages();
        List<Node> nodes = new ArrayList<>();
        for (String attack : new String[] {LatexRendererTest.SELF_REFERENCE, LatexRendererTest.DEEP_FRAC, LatexRendererTest.HUGE_RULE}) {
            nodes.add(fx(() -> new TextFlow(latex.node(attack, true, 20f, false)).getChildren().get(0)));
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> latex.inFlight() == 0));
        for (Node n : nodes) {
            assertThat(n).isInstanceOf(Text.class);
            assertThat(n.getStyleClass()).contains("latex-error");
        }
    }

    @Test
    void theSharedThreadDrawsOffTheFxThreadAndDeliversOnIt() throws Exception {
        LatexImages latex = new LatexImages();
        TextFlow flow = fx(() -> new TextFlow(latex.node("\\sqrt{2}", false, 17f, false)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> flow.getChildren().get(0) instanceof ImageView));
        assertThat(fx(latex::inFlight)).isZero();
    }
}
