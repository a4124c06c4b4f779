package org.errata.app.gui.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.annotate.MathText;
import org.errata.app.gui.inspector.LatexImages;
import org.jspecify.annotations.Nullable;

/**
 * Presentation mode for a projector: no chrome, large fonts, high contrast. Space reveals the next
 * block of the trace (step, verdict, the wrong step highlighted, correction, next attempt),
 * backspace goes back; P plays the trace back at the chosen speed (1-4: 0.5x, 1x, 2x, 4x). In live
 * mode a problem typed at the top runs through the loop and streams in, one UI update per frame.
 * What is shown lives in the {@link PresentationViewModel}; this view draws it and owns only the
 * replay timer.
 */
public final class PresentationView extends BorderPane {
    /** Seconds between blocks at 1x replay. */
    static final double BASE_SECONDS = 1.5;
    private static final double[] SPEEDS = {0.5, 1, 2, 4};

    private final PresentationViewModel vm;
    private final RevealModel reveal;
    private final LatexImages latex = new LatexImages();
    private final VBox blocks = new VBox(14);
    private final ScrollPane scroll = new ScrollPane(blocks);
    private final Label title = new Label();
    private final Label hint = new Label();
    private final @Nullable TextField liveInput;
    private @Nullable Timeline replay;
    private double speed = 1;

    public PresentationView(PresentationViewModel vm) {
        this.vm = vm;
        this.reveal = vm.reveal();
        getStyleClass().add("presentation");
        getStylesheets().add(Objects.requireNonNull(PresentationView.class.getResource("projector.css")).toExternalForm());
        title.getStyleClass().add("title");
        VBox top = new VBox(8, title);
        top.getStyleClass().add("top");
        if (vm.canRunLive()) {
            TextField input = new TextField();
            input.setPromptText("Type a problem and press Enter to watch the model work on it");
            input.getStyleClass().add("live-input");
            input.setId("live-input");
            // Space and the arrows belong to the reveal: the field takes focus only on L or a click
            input.setFocusTraversable(false);
            input.setOnAction(e -> startLive(input.getText()));
            top.getChildren().add(input);
            liveInput = input;
        } else {
            liveInput = null;
        }
        blocks.getStyleClass().add("blocks");
        scroll.setFitToWidth(true);
        // The newest block is always in view.
        blocks.heightProperty().addListener((o, a, h) -> scroll.setVvalue(scroll.getVmax()));
        scroll.getStyleClass().add("stage");
        scroll.setFocusTraversable(true);
        hint.getStyleClass().add("hint");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bottom = new HBox(hint);
        bottom.setAlignment(Pos.CENTER_RIGHT);
        bottom.getStyleClass().add("bottom");
        setTop(top);
        setCenter(scroll);
        setBottom(bottom);
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        vm.changes().addListener((o, a, b) -> render());
        render();
    }

    private void onKey(KeyEvent e) {
        if (getScene() != null && getScene().getFocusOwner() instanceof TextInputControl) {
            if (e.getCode() == KeyCode.ESCAPE) {
                scroll.requestFocus();
                e.consume();
            }
            return;
        }
        switch (e.getCode()) {
            case SPACE, RIGHT, PAGE_DOWN -> next();
            case BACK_SPACE, LEFT, PAGE_UP -> previous();
            case P -> togglePlay();
            case HOME -> { stopReplay(); vm.restart(); }
            case DIGIT1, DIGIT2, DIGIT3, DIGIT4 -> setSpeed(SPEEDS[e.getCode().ordinal() - KeyCode.DIGIT1.ordinal()]);
            case L -> { if (liveInput != null) liveInput.requestFocus(); }
            default -> { return; }
        }
        e.consume();
    }

    public void next() {
        vm.next();
    }

    public void previous() {
        stopReplay();
        vm.previous();
    }

    /** Plays the trace back from where it stands, one block per {@link #BASE_SECONDS}/speed. */
    public void togglePlay() {
        if (replay != null) {
            stopReplay();
            render();
            return;
        }
        if (reveal.atEnd()) reveal.restart();
        Timeline t = new Timeline(new KeyFrame(Duration.seconds(BASE_SECONDS / speed), e -> {
            if (!vm.next()) {
                stopReplay();
                render();
            }
        }));
        t.setCycleCount(Timeline.INDEFINITE);
        replay = t;
        t.play();
        render();
    }

    private void stopReplay() {
        if (replay != null) replay.stop();
        replay = null;
    }

    public void setSpeed(double s) {
        speed = s;
        if (replay != null) {
            stopReplay();
            togglePlay();
        }
        render();
    }

    public double speed() { return speed; }
    public boolean playing() { return replay != null; }
    public RevealModel reveal() { return reveal; }
    public VBox blocksBox() { return blocks; }

    /** Starts a live run on the typed problem (see {@link PresentationViewModel#startLive}). */
    public void startLive(String problemText) {
        if (!vm.canRunLive() || problemText.isBlank()) return;
        stopReplay();
        vm.startLive(problemText);
        scroll.requestFocus();
    }

    /** Stops replay and the live run (when the window closes). */
    public void dispose() {
        stopReplay();
        vm.dispose();
    }

    private void render() {
        TraceCard card = reveal.card();
        title.setText(card.title() + (card.subtitle().isBlank() ? "" : "  ·  " + card.subtitle()));
        blocks.getChildren().clear();
        if (!card.problem().isBlank()) {
            VBox p = new VBox(MathText.flow(card.problem(), latex, 40f, true, "big-text"));
            p.getStyleClass().add("problem");
            blocks.getChildren().add(p);
        }
        List<TraceCard.Block> visible = reveal.visible();
        for (int i = 0; i < visible.size(); i++) {
            blocks.getChildren().add(block(visible.get(i), highlighted(visible, i), answerShown(visible, i)));
        }
        // the slides still to come: their formulas are drawn before they are revealed
        for (TraceCard.Block b : card.blocks()) latex.prefetch(b.text(), 40f, true);
        hint.setText(String.format(Locale.ROOT, "%d / %d   ·   Space next   Backspace back   P %s   1-4 speed (%sx)%s   Esc exit",
                reveal.shown(), reveal.total(), replay != null ? "pause" : "play", trim(speed),
                vm.canRunLive() ? "   L type a problem" : ""));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A wrong step is highlighted only once a verdict or error location after it is on screen: no spoilers. */
    static boolean highlighted(List<TraceCard.Block> visible, int i) {
        TraceCard.Block b = visible.get(i);
        if (!b.wrong()) return false;
        if (b.kind() != TraceCard.Kind.STEP) return true;
        for (int j = i + 1; j < visible.size(); j++) {
            TraceCard.Block later = visible.get(j);
            if (later.kind() == TraceCard.Kind.ERROR || later.kind() == TraceCard.Kind.LABEL
                    || later.kind() == TraceCard.Kind.VERDICT && Boolean.FALSE.equals(later.correct())) return true;
        }
        return false;
    }

    /**
     * An attempt's answer and whether it is right are the end of its story: they show only once every step
     * of that attempt is on screen (the next block is no step of it), never on the attempt's first slide.
     */
    static boolean answerShown(List<TraceCard.Block> visible, int i) {
        if (visible.get(i).kind() != TraceCard.Kind.ATTEMPT) return true;
        int j = i + 1;
        while (j < visible.size() && visible.get(j).kind() == TraceCard.Kind.STEP) j++;
        return j < visible.size();
    }

    private Node block(TraceCard.Block b, boolean wrong, boolean answerShown) {
        Label head = new Label(b.heading() + (wrong && b.kind() == TraceCard.Kind.STEP ? "  ·  first error" : ""));
        head.getStyleClass().add("block-head");
        VBox box = new VBox(6, head);
        if (!b.text().isBlank() && answerShown) box.getChildren().add(MathText.flow(b.text(), latex, 40f, true, "big-text"));
        box.getStyleClass().addAll("block", b.kind().name().toLowerCase(Locale.ROOT));
        if (wrong) box.getStyleClass().add("wrong");
        if (answerShown && Boolean.TRUE.equals(b.correct())) box.getStyleClass().add("ok");
        if (answerShown && Boolean.FALSE.equals(b.correct())) box.getStyleClass().add("bad");
        return box;
    }
}
