package org.errata.app.gui.annotate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import org.errata.app.annotate.Action;
import org.errata.app.annotate.AnnotationItem;
import org.errata.app.annotate.AnnotationSession;
import org.errata.app.annotate.Keymap;
import org.errata.app.annotate.LabelCommand;
import org.errata.app.annotate.LabelDraft;
import org.errata.app.gui.inspector.LatexImages;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * Labelling one queue from the keyboard: the problem and the solution's steps with LaTeX
 * rendered, a rating column, the first-error marker, the error type / confidence / bad-problem /
 * note controls, progress, and the shortcut sheet on ?. Keys go to the {@link AnnotationSession};
 * this view only shows its state.
 */
public final class AnnotationView extends BorderPane {
    private final AnnotationSession session;
    private final Keymap keymap;
    private final LatexImages latex = new LatexImages();
    private final Label progress = new Label();
    private final Label labelling = new Label();
    private final ProgressBar progressBar = new ProgressBar(0);
    private final Label timer = new Label();
    private final VBox problem = new VBox();
    private final VBox steps = new VBox(4);
    private final ScrollPane stepScroll = new ScrollPane(steps);
    private final ComboBox<String> errorType = new ComboBox<>();
    private final ComboBox<String> confidence = new ComboBox<>();
    private final CheckBox badProblem = new CheckBox("Bad problem (f)");
    private final TextArea note = new TextArea();
    private final VBox others = new VBox(6);
    private final Label status = new Label();
    private final VBox sheet = new VBox(6);
    private boolean refreshing;
    private Runnable onClose = this::closeWindow;

    public AnnotationView(AnnotationSession session, Keymap keymap) {
        this.session = session;
        this.keymap = keymap;
        getStyleClass().add("annotation");
        getStylesheets().add(Objects.requireNonNull(AnnotationView.class.getResource("annotation.css")).toExternalForm());

        progress.getStyleClass().add("progress");
        progress.setId("annotation-progress");
        timer.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        labelling.getStyleClass().add("labelling");
        labelling.setId("annotation-labelling");
        progressBar.setId("annotation-progress-bar");
        progressBar.setPrefWidth(160);
        HBox top = new HBox(12, labelling, progress, progressBar, grow, timer);
        top.getStyleClass().add("top");
        top.setAlignment(Pos.CENTER_LEFT);

        problem.getStyleClass().add("problem");
        steps.getStyleClass().add("steps");
        steps.setId("annotation-steps");
        stepScroll.setFitToWidth(true);
        stepScroll.setFocusTraversable(true);
        VBox centre = new VBox(10, problem, stepScroll);
        VBox.setVgrow(stepScroll, Priority.ALWAYS);
        centre.setPadding(new Insets(12));

        errorType.getItems().add("—");
        errorType.getItems().addAll(LabelDraft.ERROR_TYPES);
        errorType.setId("error-type");
        confidence.getItems().addAll("—", "1", "2", "3", "4", "5");
        confidence.setId("confidence");
        note.setPromptText("Note");
        note.setPrefRowCount(4);
        note.setWrapText(true);
        note.setId("note");
        errorType.valueProperty().addListener((o, a, v) -> {
            if (!refreshing) session.edit(new LabelCommand.SetErrorType(v == null || v.equals("—") ? null : v));
        });
        confidence.valueProperty().addListener((o, a, v) -> {
            if (!refreshing) session.edit(new LabelCommand.SetConfidence(v == null || v.equals("—") ? null : Integer.valueOf(v)));
        });
        badProblem.selectedProperty().addListener((o, a, v) -> {
            if (!refreshing && v != session.draft().badProblem()) session.edit(new LabelCommand.ToggleBadProblem());
        });
        note.focusedProperty().addListener((o, was, now) -> {
            if (!now && !refreshing) session.edit(new LabelCommand.SetNote(note.getText()));
        });
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Error type (e)"), errorType);
        form.addRow(1, new Label("Confidence (c)"), confidence);
        form.add(badProblem, 0, 2, 2, 1);
        form.add(note, 0, 3, 2, 1);
        Label othersTitle = new Label("Model verdicts and other labels");
        othersTitle.getStyleClass().add("section-title");
        VBox side = new VBox(12, form, othersTitle, others);
        side.getStyleClass().add("side");
        side.setPrefWidth(360);
        side.setMinWidth(340);
        side.setPadding(new Insets(12));

        status.getStyleClass().add("status");
        status.setId("annotation-status");
        Label hint = new Label("? shortcuts");
        hint.getStyleClass().add("muted");
        Region g2 = new Region();
        HBox.setHgrow(g2, Priority.ALWAYS);
        HBox bottom = new HBox(12, status, g2, hint);
        bottom.getStyleClass().add("bottom");

        buildSheet();
        StackPane body = new StackPane(new BorderPane(centre, null, side, null, null), sheet);
        StackPane.setAlignment(sheet, Pos.CENTER);
        setTop(top);
        setCenter(body);
        setBottom(bottom);

        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        session.addListener(this::refresh);
        refresh();
    }

    private void onKey(KeyEvent e) {
        boolean typing = getScene() != null && getScene().getFocusOwner() instanceof TextInputControl;
        if (typing) {
            if (e.getCode() == KeyCode.ESCAPE) {
                stepScroll.requestFocus();
                e.consume();
            }
            return;
        }
        if (e.getCode() == KeyCode.ESCAPE) {
            // Esc first closes the shortcut sheet, then the labelling window (every label is already saved)
            if (session.sheetVisible()) session.perform(Action.SHEET);
            else onClose.run();
            e.consume();
            return;
        }
        KeyNames.of(e).flatMap(keymap::action).ifPresent(a -> {
            session.perform(a);
            e.consume();
        });
    }

    private void buildSheet() {
        sheet.getStyleClass().add("sheet");
        sheet.setId("annotation-sheet");
        Label title = new Label("Annotation shortcuts");
        title.getStyleClass().add("section-title");
        GridPane rows = new GridPane();
        rows.setHgap(16);
        rows.setVgap(4);
        int r = 0;
        for (Map.Entry<String, String> row : keymap.sheet()) {
            Label k = new Label(row.getKey());
            k.getStyleClass().add("kbd");
            rows.addRow(r++, k, new Label(row.getValue()));
        }
        sheet.getChildren().addAll(title, rows);
        sheet.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        sheet.setVisible(false);
        sheet.setOnMouseClicked(e -> session.perform(Action.SHEET));
    }

    /** Shows the session's state. */
    public void refresh() {
        refreshing = true;
        try {
            sheet.setVisible(session.sheetVisible());
            int n = session.queue().size();
            progressBar.setProgress(n == 0 ? 0 : (double) session.completed() / n);
            String who = session.annotator() + (session.blind() ? " · blind" : "");
            if (session.done()) {
                progress.setText("Done: " + session.completed() + " of " + n + " labelled · " + who);
                labelling.setText("");
                problem.getChildren().setAll(new Label("Every item has been seen. Press p to go back, or close the window."));
                steps.getChildren().clear();
                others.getChildren().clear();
                timer.setText("");
                status.setText(session.error() != null ? session.error() : session.status());
                return;
            }
            AnnotationItem item = session.current().orElseThrow();
            LabelDraft d = session.draft();
            labelling.setText(describe(item));
            progress.setText("Item " + (session.itemIndex() + 1) + " of " + n + " · " + session.completed() + " labelled · "
                    + who + (d.complete() ? " · complete" : ""));
            timer.setText(String.format(Locale.ROOT, "%.1f s on this item", session.timeOnItemMs() / 1000.0));
            TextFlow q = MathText.flow(item.problemText(), latex, 21f, false, "problem-text");
            Label pid = new Label(item.problem().value());
            pid.getStyleClass().add("muted");
            problem.getChildren().setAll(pid, q);

            steps.getChildren().clear();
            int first = d.firstError();
            for (int i = 0; i < item.steps().size(); i++) {
                steps.getChildren().add(stepRow(i, item.steps().get(i), d.ratings().get(i), i == first, i == session.step()));
            }
            errorType.setValue(d.errorType() == null ? "—" : d.errorType());
            confidence.setValue(d.confidence() == null ? "—" : d.confidence().toString());
            badProblem.setSelected(d.badProblem());
            if (!note.isFocused()) note.setText(d.note() == null ? "" : d.note());

            others.getChildren().clear();
            if (session.blind()) {
                Label l = new Label("Hidden in blind mode.");
                l.getStyleClass().add("muted");
                others.getChildren().add(l);
            } else {
                for (Verification v : session.visibleVerdicts()) {
                    others.getChildren().add(new Label("Model · " + v.role().wireName() + ": " + v.verdict().wireName()
                            + (v.predictedFirstError() != null && v.predictedFirstError() >= 0 ? ", blames step " + (v.predictedFirstError() + 1) : "")));
                }
                for (HumanLabel h : session.visibleLabels()) {
                    others.getChildren().add(new Label(h.annotator() + ": " + (h.firstErrorStep() < 0 ? "all correct"
                            : "first error at step " + (h.firstErrorStep() + 1))));
                }
                if (others.getChildren().isEmpty()) others.getChildren().add(new Label("None."));
            }
            status.setText(session.error() != null ? session.error() : session.status());
            status.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), session.error() != null);
            scrollToStep(session.step(), item.steps().size());
        } finally {
            refreshing = false;
        }
    }

    /** Which solution is on screen: "Labelling attempt 2 (refiner, 4 steps) of sample/clips". */
    static String describe(AnnotationItem item) {
        return "Labelling attempt " + item.attempt().turn() + " (" + item.attempt().role().wireName()
                + ", " + item.steps().size() + (item.steps().size() == 1 ? " step" : " steps") + ") of " + item.problem().value();
    }

    private Node stepRow(int i, String text, @Nullable Integer rating, boolean firstError, boolean current) {
        Label mark = new Label(rating == null ? "·" : rating > 0 ? "+1" : rating == 0 ? "0" : "−1");
        mark.getStyleClass().addAll("rating", rating == null ? "unrated" : rating > 0 ? "good" : rating == 0 ? "neutral" : "bad");
        Label index = new Label(Integer.toString(i + 1));
        index.getStyleClass().add("step-index");
        TextFlow flow = MathText.flow(text, latex, 21f, false, "step-text");
        HBox.setHgrow(flow, Priority.ALWAYS);
        HBox row = new HBox(10, mark, index, flow);
        row.getStyleClass().add("step-row");
        if (current) row.getStyleClass().add("current");
        if (firstError) {
            row.getStyleClass().add("first-error");
            Label badge = new Label("first error");
            badge.getStyleClass().add("error-badge");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            row.getChildren().add(badge);
        }
        row.setOnMouseClicked(e -> session.selectStep(i));
        return row;
    }

    private void scrollToStep(int step, int count) {
        if (count <= 1) return;
        stepScroll.setVvalue((double) step / (count - 1));
    }

    public AnnotationSession session() { return session; }
    public VBox stepsBox() { return steps; }
    public Node sheetNode() { return sheet; }
    public List<Node> stepRows() { return List.copyOf(steps.getChildren()); }
    public void focusSteps() { stepScroll.requestFocus(); }
    public ProgressBar progressBar() { return progressBar; }
    public Label labellingLabel() { return labelling; }

    /** What Esc does once the sheet is closed; by default it closes the window this view is in. */
    public void setOnClose(Runnable action) { this.onClose = Objects.requireNonNull(action); }

    private void closeWindow() {
        if (getScene() != null && getScene().getWindow() != null) getScene().getWindow().hide();
    }
}
