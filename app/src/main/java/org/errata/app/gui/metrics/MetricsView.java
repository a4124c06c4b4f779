package org.errata.app.gui.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import javax.imageio.ImageIO;
import org.errata.correction.metrics.Comparison;
import org.errata.correction.metrics.CopyDecoding;
import org.errata.correction.metrics.MetricsReport;
import org.errata.correction.metrics.TurnAccuracy;
import org.errata.correction.metrics.VerifierQuality;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The dashboard: Acc@t by turn, flips, the verifier's confusion matrix, cost, and run B against run A. */
public final class MetricsView extends ScrollPane {
    private final MetricsViewModel vm;
    private final org.errata.app.gui.library.LibraryViewModel.ErrorSink errors;
    private final CategoryAxis turnAxis = new CategoryAxis();
    private final NumberAxis percentAxis = new NumberAxis(0, 100, 20);
    private final BarChart<String, Number> accChart = new BarChart<>(turnAxis, percentAxis);
    private final GridPane flips = new GridPane();
    private final GridPane confusion = new GridPane();
    private final Label cost = new Label();
    private final GridPane decoding = new GridPane();
    private final Label compare = new Label();
    private final FlowPane panels = new FlowPane(16, 16);

    public MetricsView(MetricsViewModel vm, ObservableList<Run> runs, org.errata.app.gui.library.LibraryViewModel.ErrorSink errors) {
        this.vm = vm;
        this.errors = errors;
        setId("metrics");
        getStyleClass().add("metrics");
        setFitToWidth(true);
        accChart.setTitle("Acc@t by turn");
        percentAxis.setLabel("accuracy (%)");
        turnAxis.setLabel("turn");
        accChart.getStylesheets().add(java.util.Objects.requireNonNull(
                MetricsView.class.getResource("metrics.css")).toExternalForm());
        accChart.setAnimated(false);
        accChart.setPrefSize(420, 280);
        ComboBox<@Nullable Run> other = new ComboBox<>(runs);
        other.setPromptText("compare with run B…");
        other.valueProperty().bindBidirectional(vm.otherProperty());
        other.setConverter(new StringConverter<>() {
            @Override public String toString(@Nullable Run r) { return r == null ? "" : r.name(); }
            @Override public Run fromString(String s) { throw new UnsupportedOperationException(); }
        });
        Button clear = new Button("No comparison");
        clear.setOnAction(e -> vm.otherProperty().set(null));
        Label title = new Label();
        title.getStyleClass().add("sheet-title");
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            Run r = vm.runProperty().get();
            return r == null ? "No run selected" : "Metrics: " + r.name() + (vm.loadingProperty().get() ? "  (computing…)" : "");
        }, vm.runProperty(), vm.loadingProperty()));
        panels.getChildren().addAll(panel(accChart), panel(titled("Flips between first and last turn", flips)),
                panel(titled("Verifier vs gold (confusion)", confusion)), panel(titled("Cost", cost)),
                panel(titled("Decoding per turn (CopySpec)", decoding)), panel(titled("Run B against run A", compare)));
        VBox box = new VBox(12, title, new HBox(8, other, clear), panels);
        box.setPadding(new Insets(12));
        setContent(box);
        vm.reportProperty().addListener(o -> render());
        vm.comparisonProperty().addListener(o -> render());
        render();
    }

    private static VBox titled(String title, Node content) {
        Label l = new Label(title);
        l.getStyleClass().add("row-title");
        VBox v = new VBox(8, l, content);
        v.setPadding(new Insets(8));
        return v;
    }

    /** A chart or table with a button that saves it as PNG. */
    private VBox panel(Node content) {
        Button png = new Button("PNG", new FontIcon(Feather.DOWNLOAD));
        png.getStyleClass().add("flat");
        png.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("errata-chart.png");
            File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                try {
                    exportPng(content, f.toPath());
                } catch (IOException ex) {
                    errors.report("Could not write " + f + ": " + ex.getMessage());
                }
            }
        });
        VBox v = new VBox(4, content, png);
        v.getStyleClass().add("metric-panel");
        return v;
    }

    /** Writes a snapshot of a node as PNG. */
    public static void exportPng(Node node, Path file) throws IOException {
        var image = node.snapshot(null, null);
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    public BarChart<String, Number> accChart() { return accChart; }

    private void render() {
        MetricsReport r = vm.reportProperty().get();
        Comparison c = vm.comparisonProperty().get();
        accChart.getData().clear();
        flips.getChildren().clear();
        confusion.getChildren().clear();
        decoding.getChildren().clear();
        if (r == null) {
            cost.setText("");
            compare.setText("");
            return;
        }
        Run a = vm.runProperty().get();
        Run b = vm.otherProperty().get();
        accChart.getData().add(series(c == null || a == null ? "run A" : "A: " + a.name(), r.turns()));
        if (c != null) accChart.getData().add(series(b == null ? "run B" : "B: " + b.name(), c.b().turns()));
        accChart.setLegendVisible(c != null); // one run needs no legend
        TurnAccuracy t = r.turns();
        flips.setHgap(16);
        flips.setVgap(6);
        flips.addRow(0, new Label("incorrect \u2192 correct"), new Label(pct(t.deltaIToC())));
        flips.addRow(1, new Label("correct \u2192 incorrect"), new Label(pct(t.deltaCToI())));
        flips.addRow(2, new Label("net \u0394"), new Label(pct(t.delta())));
        flips.addRow(3, new Label("answer changed"), new Label(answerChanged(t)));
        VerifierQuality v = r.verifier();
        confusion.setHgap(16);
        confusion.setVgap(6);
        confusion.addRow(0, new Label(""), new Label("solution right"), new Label("solution wrong"));
        // Positive class: "the solution is wrong" (VerifierQuality): a correct verdict on a wrong solution is a miss (fn).
        confusion.addRow(1, new Label("verdict correct"), cell(v.tn(), "tn"), cell(v.fn(), "fn"));
        confusion.addRow(2, new Label("verdict incorrect"), cell(v.fp(), "fp"), cell(v.tp(), "tp"));
        confusion.addRow(3, new Label("unparsed"), new Label(Integer.toString(v.unparsed())));
        var k = r.cost();
        cost.setText(String.format(Locale.ROOT, "%d problems, %d solved%ntokens per problem: %s%ntokens per solved problem: %s%ncalls per problem: %s",
                k.problems(), k.solved(), num(k.tokensPerProblem()), num(k.tokensPerSolved()), num(k.callsPerProblem())));
        decoding(r.copy(), c == null ? null : c.b().copy());
        if (c == null) {
            compare.setText("Choose run B to compare on the problems both ran.");
        } else {
            compare.setText(String.format(Locale.ROOT, "%d common problems%nfixed by B: %d %s%nbroken by B: %d %s%nnet: %+d",
                    c.common(), c.fixedByB().size(), ids(c.fixedByB()), c.brokenByB().size(), ids(c.brokenByB()), c.netFixed()));
        }
    }

    /**
     * Per turn: the share of copy-drafted tokens the model accepted and the decode speed, for run A
     * and, when compared, run B (a run with CopySpec off beside one with it on shows what it buys).
     */
    void decoding(CopyDecoding a, @Nullable CopyDecoding b) {
        decoding.getChildren().clear();
        decoding.setHgap(16);
        decoding.setVgap(6);
        decoding.addRow(0, new Label("turn"), new Label("accepted drafts"), new Label("decode tok/s"));
        if (b != null) {
            decoding.add(new Label("B: accepted"), 3, 0);
            decoding.add(new Label("B: tok/s"), 4, 0);
        }
        int turns = Math.max(a.decodeTokensPerSecondByTurn().size(), b == null ? 0 : b.decodeTokensPerSecondByTurn().size());
        if (turns == 0 || (silent(a) && (b == null || silent(b)))) {
            decoding.addRow(1, new Label("no decode timings (the backend reports none)"));
            return;
        }
        for (int i = 0; i < turns; i++) {
            decoding.addRow(i + 1, new Label(Integer.toString(i + 1)), new Label(share(a.acceptanceByTurn(), i)),
                    new Label(speed(a.decodeTokensPerSecondByTurn(), i)));
            if (b != null) {
                decoding.add(new Label(share(b.acceptanceByTurn(), i)), 3, i + 1);
                decoding.add(new Label(speed(b.decodeTokensPerSecondByTurn(), i)), 4, i + 1);
            }
        }
    }

    private static boolean silent(CopyDecoding d) {
        return d.acceptanceByTurn().stream().allMatch(java.util.Objects::isNull)
                && d.decodeTokensPerSecondByTurn().stream().allMatch(java.util.Objects::isNull);
    }

    private static String share(List<@Nullable Double> xs, int i) {
        Double x = i < xs.size() ? xs.get(i) : null;
        return x == null ? "no drafts" : String.format(Locale.ROOT, "%.0f %%", 100 * x);
    }

    private static String speed(List<@Nullable Double> xs, int i) {
        Double x = i < xs.size() ? xs.get(i) : null;
        return x == null ? "–" : String.format(Locale.ROOT, "%.0f", x);
    }

    /** For tests: the decoding table's cells, row by row. */
    List<String> decodingCells() {
        return decoding.getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }

    private static Label cell(int n, String id) {
        Label l = new Label(Integer.toString(n));
        l.setId("confusion-" + id);
        return l;
    }

    private static String ids(List<ProblemId> ps) {
        if (ps.isEmpty()) return "";
        List<String> shown = ps.stream().limit(8).map(ProblemId::value).toList();
        return "(" + String.join(", ", shown) + (ps.size() > 8 ? ", …" : "") + ")";
    }

    /** "3 of 3 revisions (3 of 20 problems revised)": a rate over revisions says nothing without its count. */
    static String answerChanged(TurnAccuracy t) {
        if (t.revisions() == 0) return "no problem was revised";
        return String.format(Locale.ROOT, "%d of %d revision%s (%d of %d problems revised)", t.answerChanges(), t.revisions(),
                t.revisions() == 1 ? "" : "s", t.revisedProblems(), t.graded());
    }

    /** Bars in percent, each with its value written on it. */
    private static XYChart.Series<String, Number> series(String name, TurnAccuracy t) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int i = 0; i < t.accByTurn().size(); i++) {
            double percent = 100 * t.accByTurn().get(i);
            XYChart.Data<String, Number> d = new XYChart.Data<>("t" + (i + 1), percent);
            d.nodeProperty().addListener((o, old, bar) -> {
                if (bar instanceof javafx.scene.layout.StackPane pane) {
                    Label value = new Label(String.format(Locale.ROOT, "%.0f%%", percent));
                    value.getStyleClass().add("bar-value");
                    javafx.scene.layout.StackPane.setAlignment(value, javafx.geometry.Pos.TOP_CENTER);
                    pane.getChildren().add(value);
                }
            });
            s.getData().add(d);
        }
        return s;
    }

    private static String pct(@Nullable Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
    }

    private static String num(@Nullable Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }
}
