package org.errata.app.gui.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.tree.Fixtures;
import org.errata.app.services.RunHandle;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the reveal order on space / backspace, and a live run folded in one batch per frame. */
class PresentationViewTest {
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** The view model as the workbench makes it, with the work run inline and each flush at the next FX pulse. */
    static PresentationViewModel model(TraceCard card, LiveRunner live) {
        return new PresentationViewModel(card, live, new org.errata.app.gui.task.CurrentThreadTaskExecutor(),
                javafx.application.Platform::runLater);
    }

    private static List<String> shownKinds(PresentationView v) {
        return v.blocksBox().getChildren().stream().skip(1) // the problem
                .map(n -> n.getStyleClass().stream().filter(c -> !c.equals("block") && !c.equals("wrong") && !c.equals("ok") && !c.equals("bad"))
                        .findFirst().orElse("?"))
                .toList();
    }

    @Test
    void spaceRevealsStepsVerdictWrongStepCorrectionAndNextAttemptInOrderAndBackspaceGoesBack() throws Exception {
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, null);
        FxToolkit.registerPrimaryStage();
        PresentationView view = (PresentationView) FxToolkit.setupSceneRoot(() -> new PresentationView(PresentationViewTest.model(card, null)));
        FxToolkit.showStage();
        robot.interact(view::requestFocus);
        assertThat(shownKinds(view)).containsExactly("attempt");
        for (int i = 0; i < 3; i++) robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        // attempt 1 and its three line steps; step 2 is the located first error, not highlighted yet.
        assertThat(shownKinds(view)).containsExactly("attempt", "step", "step", "step");
        assertThat(view.blocksBox().getChildren().get(3).getStyleClass()).doesNotContain("wrong");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        // The verification says "incorrect": now the wrong step lights up.
        assertThat(shownKinds(view)).containsExactly("attempt", "step", "step", "step", "verdict");
        assertThat(view.blocksBox().getChildren().get(3).getStyleClass()).contains("wrong");
        assertThat(view.blocksBox().getChildren().get(2).getStyleClass()).doesNotContain("wrong");
        robot.type(KeyCode.SPACE, KeyCode.SPACE, KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownKinds(view)).containsExactly("attempt", "step", "step", "step", "verdict", "error", "correction", "attempt");
        robot.type(KeyCode.BACK_SPACE, KeyCode.BACK_SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownKinds(view)).containsExactly("attempt", "step", "step", "step", "verdict", "error");
        // To the end: the outcome is last; space past the end changes nothing.
        for (int i = 0; i < 20; i++) robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.reveal().atEnd()).isTrue();
        assertThat(shownKinds(view)).endsWith("label", "outcome");
        assertThat(shownKinds(view)).hasSize(card.blocks().size());
    }

    /**
     * The window F5 opens asks for the window system's full screen, with no exit hint, and Escape
     * leaves full screen and closes it. Not shown here: the headless toolkit's full-screen overlay
     * fails on the FX thread 4 s after a window enters full screen. Shown under Xvfb with a window
     * manager (fluxbox), the window covers the whole screen, its panel included.
     */
    @Test
    void thePresentationWindowIsFullScreenAndEscapeClosesIt() throws Exception {
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, null);
        Stage stage = WaitForAsyncUtils.asyncFx(() -> Modes.presentationStage(new PresentationView(model(card, null))))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stage.isFullScreen()).isTrue();
        assertThat(stage.getFullScreenExitHint()).isEmpty();
        assertThat(stage.getTitle()).isEqualTo("Errata \u00b7 presentation");
        robot.interact(() -> javafx.event.Event.fireEvent(stage.getScene().getRoot(), new javafx.scene.input.KeyEvent(
                javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", KeyCode.ESCAPE, false, false, false, false)));
        assertThat(stage.isFullScreen()).isFalse();
        assertThat(stage.isShowing()).isFalse();
    }

    @Test
    void speedKeysSetTheReplaySpeedAndPTogglesPlayback() throws Exception {
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, null);
        FxToolkit.registerPrimaryStage();
        PresentationView view = (PresentationView) FxToolkit.setupSceneRoot(() -> new PresentationView(PresentationViewTest.model(card, null)));
        FxToolkit.showStage();
        robot.interact(view::requestFocus);
        robot.type(KeyCode.DIGIT4);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.speed()).isEqualTo(4.0);
        robot.type(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.playing()).isTrue();
        robot.type(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.playing()).isFalse();
    }

    @Test
    void aLiveRunStreamsIntoTheCardOneBatchPerFrame() throws Exception {
        RunId run = new RunId("live-run");
        ProblemId pid = new ProblemId("live/typed-1");
        NodeId node = new NodeId("a1");
        LiveRunner runner = (text, listener) -> {
            listener.on(new LoopEvent.TraceStarted(run, pid));
            listener.on(new LoopEvent.NodeStarted(run, pid, node, null, "attempt", "Attempt 1"));
            listener.on(new LoopEvent.TokenDelta(run, pid, node, "First $2+2"));
            listener.on(new LoopEvent.TokenDelta(run, pid, node, "=4$."));
            return new RunHandle() {
                @Override public RunId run() { return run; }
                @Override public int problems() { return 1; }
                @Override public void cancel() { }
                @Override public CompletionStage<LoopEvent.RunOutcome> outcome() { return new CompletableFuture<>(); }
            };
        };
        FxToolkit.registerPrimaryStage();
        PresentationView view = (PresentationView) FxToolkit.setupSceneRoot(() -> new PresentationView(PresentationViewTest.model(new TraceCard("Live", "", "", List.of()), runner)));
        FxToolkit.showStage();
        robot.clickOn("#live-input").write("What is 2+2?").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        TraceCard streaming = view.reveal().card();
        assertThat(streaming.problem()).isEqualTo("What is 2+2?");
        assertThat(streaming.blocks()).singleElement().satisfies(b -> assertThat(b.text()).isEqualTo("First $2+2=4$."));

        Attempt done = new Attempt(node, null, 0, 1, AttemptRole.PROPOSER, "demo", "p", "First $2+2=4$.", "4", "boxed", true,
                Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of());
        LiveTrace trace = new LiveTrace("What is 2+2?");
        trace.apply(List.of(new LoopEvent.NodeStarted(run, pid, node, null, "attempt", "Attempt 1"),
                new LoopEvent.NodeAdded(run, pid, done),
                new LoopEvent.TraceFinished(run, pid, org.errata.correction.trace.TraceStatus.FINISHED, "4", true),
                new LoopEvent.RunEnded(run, LoopEvent.RunOutcome.FINISHED, null)));
        assertThat(trace.card().blocks()).extracting(TraceCard.Block::kind)
                .containsExactly(TraceCard.Kind.ATTEMPT, TraceCard.Kind.STEP, TraceCard.Kind.OUTCOME);
        assertThat(trace.state()).isEqualTo("finished");
    }

    @Test
    void inLiveModeSpaceRevealsInsteadOfTypingIntoTheProblemField() throws Exception {
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, null);
        LiveRunner never = (text, listener) -> { throw new AssertionError("nothing was typed, nothing may start"); };
        FxToolkit.registerPrimaryStage();
        PresentationView view = (PresentationView) FxToolkit.setupSceneRoot(() -> new PresentationView(PresentationViewTest.model(card, never)));
        FxToolkit.showStage();
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextField input = robot.lookup("#live-input").queryAs(javafx.scene.control.TextField.class);
        assertThat(input.isFocused()).isFalse();
        robot.type(KeyCode.SPACE, KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.reveal().shown()).isEqualTo(3);
        assertThat(input.getText()).isEmpty();
        // L still takes the presenter to the field
        robot.type(KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(input.isFocused()).isTrue();
    }

    @Test
    void anAttemptsAnswerStaysHiddenUntilItsStepsAreShown() throws Exception {
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, null);
        FxToolkit.registerPrimaryStage();
        PresentationView view = (PresentationView) FxToolkit.setupSceneRoot(() -> new PresentationView(PresentationViewTest.model(card, null)));
        FxToolkit.showStage();
        robot.interact(view::requestFocus);
        javafx.scene.layout.VBox first = (javafx.scene.layout.VBox) view.blocksBox().getChildren().get(1);
        assertThat(first.getChildren()).hasSize(1); // the heading alone: no "answer 62 (wrong)" yet
        assertThat(first.getStyleClass()).doesNotContain("bad", "ok");
        for (int i = 0; i < 4; i++) robot.type(KeyCode.SPACE); // three steps, then the verification
        WaitForAsyncUtils.waitForFxEvents();
        first = (javafx.scene.layout.VBox) view.blocksBox().getChildren().get(1);
        assertThat(first.getChildren()).hasSize(2);
        assertThat(first.getStyleClass()).contains("bad");
    }
}
