package org.errata.app.gui.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.errata.app.annotate.AgreementFixtures;
import org.errata.app.annotate.LabelSink;
import org.errata.app.gui.annotate.WriterThreadSink;
import org.errata.app.gui.task.FxTaskExecutor;
import org.errata.app.services.StoreLibraryService;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless: the agreement panel of a labelled run on a SQLite store shows the hand-computed κ and
 * ProcessBench figures, and follows a label saved the way the annotation view saves it (a writer
 * thread in front of the library), with the work done off the FX thread.
 */
class AgreementViewTest {
    @TempDir Path dir;
    Database db;
    StoreLibraryService library;
    List<Attempt> attempts;
    FxTaskExecutor tasks;
    final List<String> errors = new ArrayList<>();
    final FxRobot robot = new FxRobot();

    @BeforeEach
    void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        // The app's theme, whose colour tokens the panel's stylesheet uses.
        robot.interact(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
        db = Database.open(dir.resolve("errata.db"));
        attempts = AgreementFixtures.store(db);
        library = new StoreLibraryService(db);
        tasks = new FxTaskExecutor(1);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        tasks.close();
        db.close();
    }

    private AgreementView show(AgreementViewModel vm) throws Exception {
        AgreementView view = (AgreementView) FxToolkit.setupSceneRoot(() -> new AgreementView(vm));
        FxToolkit.showStage();
        return view;
    }

    private String text(AgreementView view, String id) throws Exception {
        Node n = fx(() -> view.lookup("#" + id));
        assertThat(n).as(id).isNotNull();
        return fx(() -> ((Label) n).getText());
    }

    /** Reads the scene graph on the FX thread, where it is changed. */
    private static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(20, TimeUnit.SECONDS);
    }

    private static @org.jspecify.annotations.Nullable String kappa(AgreementView view, org.errata.app.annotate.AgreementReport.Rater a,
                                                                   org.errata.app.annotate.AgreementReport.Rater b) throws Exception {
        return fx(() -> view.kappaText(a, b));
    }

    @Test
    void aRunWithoutLabelsSaysWhereToLabel() throws Exception {
        AgreementViewModel vm = new AgreementViewModel(library, tasks, errors::add);
        AgreementView view = show(vm);
        robot.interact(() -> vm.runProperty().set(AgreementFixtures.run()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.reportProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.lookup("#agreement-empty").isVisible())).isTrue();
        assertThat(text(view, "agreement-empty")).isEqualTo(AgreementViewModel.NO_LABELS);
        assertThat(errors).isEmpty();
    }

    @Test
    void showsTheFiguresAndFollowsANewLabel() throws Exception {
        AgreementFixtures.label(library, attempts);
        AgreementViewModel vm = new AgreementViewModel(library, tasks, errors::add);
        AgreementView view = show(vm);
        robot.interact(() -> vm.runProperty().set(AgreementFixtures.run()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.reportProperty().get() != null && !vm.loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        var alice = AgreementViewModelTest.ALICE;
        var bob = AgreementViewModelTest.BOB;
        assertThat(fx(() -> view.lookup("#agreement-empty").isVisible())).isFalse();
        assertThat(kappa(view, alice, bob)).isEqualTo("0.444");          // 4/9
        assertThat(kappa(view, bob, alice)).isEqualTo("0.444");          // the matrix is symmetric
        assertThat(kappa(view, alice, AgreementViewModelTest.CRITIC)).isEqualTo("0.500");
        assertThat(kappa(view, AgreementViewModelTest.SELF, AgreementViewModelTest.CRITIC)).isEqualTo("0.118"); // 2/17
        assertThat(fx(() -> List.copyOf(view.lookup("#" + AgreementView.cellId(alice, bob)).getStyleClass())))
                .contains("kappa-mid", "small-n");
        assertThat(fx(() -> ((Label) ((javafx.scene.layout.VBox) view.lookup("#" + AgreementView.cellId(alice, bob)))
                .getChildren().get(1)).getText())).isEqualTo("n = 5");
        assertThat(text(view, AgreementView.roleId(VerifierRole.SELF, "f1"))).isEqualTo("50.0 %");
        assertThat(text(view, AgreementView.roleId(VerifierRole.SELF, "err"))).isEqualTo("33.3 %");
        assertThat(text(view, AgreementView.roleId(VerifierRole.SELF, "err-n"))).isEqualTo("1 of 3");
        assertThat(text(view, AgreementView.roleId(VerifierRole.SELF, "cor"))).isEqualTo("100.0 %");
        assertThat(text(view, AgreementView.roleId(VerifierRole.SELF, "cor-n"))).isEqualTo("2 of 2");
        assertThat(text(view, AgreementView.roleId(VerifierRole.CRITIC, "f1"))).isEqualTo("57.1 %"); // 4/7
        assertThat(text(view, AgreementView.roleId(VerifierRole.CRITIC, "n"))).isEqualTo("5");
        assertThat(text(view, "agreement-summary")).startsWith("5 labelled items \u00b7 2 annotators");

        // bob relabels problem 3 (3 → 2) in an annotation session: κ(alice, bob) becomes 12/17.
        try (WriterThreadSink sink = new WriterThreadSink(LabelSink.of(library), errors::add)) {
            sink.save(AgreementFixtures.RUN, AgreementFixtures.PROBLEMS.get(2).id(),
                    AgreementFixtures.label(attempts.get(2), "bob", 2));
        }
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "0.706".equals(kappa(view, alice, bob)));
        assertThat(kappa(view, bob, AgreementViewModelTest.CONSENSUS)).isEqualTo("0.706");
        assertThat(errors).isEmpty();
    }
}
