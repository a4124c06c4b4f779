package org.errata.app.gui.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.errata.app.annotate.AgreementReport;
import org.errata.app.annotate.AgreementReport.Rater;
import org.errata.correction.trace.Run;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The agreement panel of a run: Cohen's κ for every pair of raters (annotators, the human
 * consensus, machine verifier roles) with the items each pair shares, and each machine role's
 * ProcessBench figures against the human consensus. Renders {@link AgreementViewModel}; reaches
 * nothing else.
 */
public final class AgreementView extends ScrollPane {
    /** Below this many shared items a figure is marked as a small sample. */
    static final int SMALL_N = 10;

    private final AgreementViewModel vm;
    private final GridPane matrix = new GridPane();
    private final GridPane roles = new GridPane();
    private final Label empty = new Label();
    private final FlowPane panels = new FlowPane(16, 16);

    public AgreementView(AgreementViewModel vm) {
        this.vm = Objects.requireNonNull(vm);
        setId("agreement");
        getStyleClass().addAll("metrics", "agreement");
        getStylesheets().add(Objects.requireNonNull(AgreementView.class.getResource("metrics.css")).toExternalForm());
        setFitToWidth(true);

        Label title = new Label();
        title.getStyleClass().add("sheet-title");
        title.textProperty().bind(Bindings.createStringBinding(
                () -> "Agreement" + (vm.loadingProperty().get() ? "  (computing\u2026)" : ""), vm.loadingProperty()));
        Label runName = new Label();
        runName.setId("agreement-run");
        runName.setWrapText(true);
        runName.textProperty().bind(Bindings.createStringBinding(() -> {
            Run r = vm.runProperty().get();
            return r == null ? "" : r.name();
        }, vm.runProperty()));
        runName.visibleProperty().bind(vm.runProperty().isNotNull());
        runName.managedProperty().bind(runName.visibleProperty());
        Label summary = new Label();
        summary.setId("agreement-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.setId("agreement-refresh");
        refresh.getStyleClass().add("flat");
        refresh.setTooltip(new Tooltip("Recompute (labels saved in this window refresh the panel by themselves;"
                + " labels imported elsewhere need this)"));
        refresh.setOnAction(e -> vm.reload());
        refresh.disableProperty().bind(vm.runProperty().isNull());

        empty.setId("agreement-empty");
        empty.getStyleClass().addAll("muted", "agreement-empty");
        empty.setWrapText(true);
        empty.textProperty().bind(vm.emptyProperty());
        empty.visibleProperty().bind(vm.emptyProperty().isNotEmpty());
        empty.managedProperty().bind(empty.visibleProperty());

        matrix.setId("agreement-matrix");
        matrix.getStyleClass().add("kappa-matrix");
        matrix.setHgap(2);
        matrix.setVgap(2);
        roles.setId("agreement-roles");
        roles.getStyleClass().add("role-table");
        roles.setHgap(18);
        roles.setVgap(6);
        Label matrixNote = note("Cohen's \u03ba on the first-error step (\u22121 = no error), over the items both raters"
                + " labelled (n). Human consensus: the gold label where given, else the most common label, a tie going"
                + " to the earliest step. A machine role's label is the step its last verification located; a verdict"
                + " naming no step gives none. \u2013: undefined (no variation) or nothing shared.");
        Label rolesNote = note("ProcessBench: accuracy on erroneous items (the located step equals the consensus"
                + " step), on correct items (the verifier found no error), and their harmonic mean F1, over the n"
                + " labelled items the role judged; a verdict that names no step counts as a miss.");
        panels.getChildren().addAll(panel("Raters against each other", matrix, matrixNote),
                panel("Machine verifiers against the human consensus", roles, rolesNote));
        panels.managedProperty().bind(panels.visibleProperty());
        summary.visibleProperty().bind(vm.emptyProperty().isEmpty());
        summary.managedProperty().bind(summary.visibleProperty());

        HBox head = new HBox(12, title, refresh);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, head, runName, summary, empty, panels);
        box.setPadding(new Insets(12));
        setContent(box);
        vm.reportProperty().addListener(o -> render());
        render();
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("muted", "agreement-note");
        l.setWrapText(true);
        // A wrapping label asks for its whole line; this keeps the panel as narrow as its table.
        l.setPrefWidth(380);
        l.setMinWidth(200);
        return l;
    }

    private static VBox panel(String title, Node content, Node note) {
        Label l = new Label(title);
        l.getStyleClass().add("row-title");
        VBox v = new VBox(8, l, content, note);
        v.setPadding(new Insets(8));
        v.getStyleClass().add("metric-panel");
        return v;
    }

    /** The node id of the κ cell of raters {@code a} (row) and {@code b} (column). */
    public static String cellId(Rater a, Rater b) {
        return "kappa-" + key(a) + "-" + key(b);
    }

    /** The node id prefix of a machine role's ProcessBench row: {@code pb-self-f1}, {@code pb-self-err}, … */
    public static String roleId(org.errata.correction.trace.VerifierRole role, String column) {
        return "pb-" + role.wireName() + "-" + column;
    }

    private static String key(Rater r) {
        return switch (r) {
            case AgreementReport.Human h -> "h_" + h.name().replaceAll("[^A-Za-z0-9_]", "_");
            case AgreementReport.Reference ref -> "consensus";
            case AgreementReport.Machine m -> m.role().wireName();
        };
    }

    private static String kind(Rater r) {
        return switch (r) {
            case AgreementReport.Human h -> "annotator";
            case AgreementReport.Reference ref -> "the human consensus: gold where given, else the most common label";
            case AgreementReport.Machine m -> "verifier";
        };
    }

    private void render() {
        matrix.getChildren().clear();
        roles.getChildren().clear();
        AgreementReport r = vm.reportProperty().get();
        // Without human labels, machine roles are still worth comparing when there are two of them.
        panels.setVisible(r != null && (vm.emptyProperty().get().isEmpty() || r.raters().size() >= 2));
        if (r == null) return;
        List<Rater> raters = r.raters();
        for (int c = 0; c < raters.size(); c++) matrix.add(header(raters.get(c), true), c + 1, 0);
        for (int row = 0; row < raters.size(); row++) {
            Rater a = raters.get(row);
            matrix.add(header(a, false), 0, row + 1);
            for (int c = 0; c < raters.size(); c++) {
                Rater b = raters.get(c);
                matrix.add(row == c ? self() : kappaCell(a, b, r.cell(a, b)), c + 1, row + 1);
            }
        }
        if (raters.size() < 2) {
            matrix.add(new Label("One rater only: nothing to compare yet."), 0, raters.size() + 1, Math.max(1, raters.size() + 1), 1);
        }

        String[] heads = {"verifier", "n", "erroneous", "correct", "F1"};
        for (int c = 0; c < heads.length; c++) {
            Label h = new Label(heads[c]);
            h.getStyleClass().add("table-head");
            roles.add(h, c, 0);
        }
        if (r.byRole().isEmpty()) {
            roles.add(new Label("No machine verifier judged this run's attempts."), 0, 1, heads.length, 1);
        }
        int row = 1;
        for (AgreementReport.RoleQuality q : r.byRole()) {
            var f = q.quality();
            Label name = new Label(q.role().wireName());
            name.getStyleClass().add("row-title");
            Label n = sized(new Label(Integer.toString(q.erroneous() + q.correct())), q.erroneous() + q.correct());
            n.setId(roleId(q.role(), "n"));
            VBox err = share(f.accErr(), q.erroneous(), roleId(q.role(), "err"));
            VBox cor = share(f.accCor(), q.correct(), roleId(q.role(), "cor"));
            Label f1 = new Label(pct(f.f1()));
            f1.setId(roleId(q.role(), "f1"));
            f1.getStyleClass().add("figure");
            roles.addRow(row++, name, n, err, cor, f1);
        }
    }

    private static Label header(Rater r, boolean column) {
        Label l = new Label(r instanceof AgreementReport.Reference ? "consensus" : r.name());
        l.getStyleClass().addAll("rater-head", column ? "rater-column" : "rater-row",
                r instanceof AgreementReport.Machine ? "rater-machine" : "rater-human");
        l.setTooltip(new Tooltip(r.name() + " (" + kind(r) + ")"));
        if (column) l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private static Node self() {
        Label l = new Label("\u2014");
        l.getStyleClass().addAll("kappa-cell", "kappa-self");
        l.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        return l;
    }

    private static Node kappaCell(Rater a, Rater b, AgreementReport.@Nullable Cell c) {
        Label k = new Label(c == null ? "\u2013" : AgreementViewModel.fmt(c.kappa()));
        k.getStyleClass().add("kappa-value");
        Label n = new Label("n = " + (c == null ? 0 : c.items()));
        n.getStyleClass().add("kappa-n");
        VBox cell = new VBox(0, k, n);
        cell.setId(cellId(a, b));
        cell.setAlignment(Pos.CENTER);
        cell.getStyleClass().addAll("kappa-cell", band(c == null ? null : c.kappa()));
        if (c != null && c.items() > 0 && c.items() < SMALL_N) {
            cell.getStyleClass().add("small-n");
            Tooltip.install(cell, new Tooltip("Only " + c.items() + " shared item" + (c.items() == 1 ? "" : "s") + ": read with care"));
        }
        return cell;
    }

    /** Landis and Koch's rough bands: below 0.2 slight, up to 0.6 moderate, above substantial. */
    static String band(@Nullable Double kappa) {
        if (kappa == null) return "kappa-none";
        if (kappa >= 0.6) return "kappa-high";
        if (kappa >= 0.2) return "kappa-mid";
        return "kappa-low";
    }

    private static Label sized(Label l, int n) {
        if (n > 0 && n < SMALL_N) {
            l.getStyleClass().add("small-n");
            l.setTooltip(new Tooltip("Only " + n + " item" + (n == 1 ? "" : "s") + ": read with care"));
        }
        return l;
    }

    /** An accuracy over {@code n} items: "50.0 %" above "1 of 2" ("–" above "0 items" where there is none). */
    private static VBox share(@Nullable Double rate, int n, String id) {
        Label value = new Label(rate == null || n == 0 ? "\u2013" : pct(rate));
        value.setId(id);
        value.getStyleClass().add("figure");
        Label count = sized(new Label(count(rate, n)), n);
        count.setId(id + "-n");
        count.getStyleClass().add("kappa-n");
        return new VBox(0, value, count);
    }

    /** "1 of 2" hits, or "0 items". */
    static String count(@Nullable Double rate, int n) {
        if (rate == null || n == 0) return "0 items";
        return String.format(Locale.ROOT, "%d of %d", Math.round(rate * n), n);
    }

    static String pct(@Nullable Double d) {
        return d == null ? "\u2013" : String.format(Locale.ROOT, "%.1f %%", 100 * d);
    }

    /** The κ shown for raters {@code a} and {@code b}, as the panel writes it. */
    public @Nullable String kappaText(Rater a, Rater b) {
        Node n = lookup("#" + cellId(a, b));
        return n instanceof VBox v && v.getChildren().getFirst() instanceof Label l ? l.getText() : null;
    }
}
