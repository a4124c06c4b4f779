package org.errata.app.gui.launcher;

import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The launcher form with start, stop and resume, and the live run's progress. */
public final class RunLauncherView extends VBox {
    private final javafx.beans.property.ObjectProperty<Integer> offsetValue;
    private final javafx.beans.property.ObjectProperty<Integer> limitValue;

    public RunLauncherView(RunLauncherViewModel vm, ObservableList<String> datasets) {
        super(8);
        offsetValue = vm.offsetProperty().asObject();
        limitValue = vm.limitProperty().asObject();
        setId("launcher");
        setPadding(new Insets(8));
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        int row = 0;

        ChoiceBox<RunLauncherViewModel.ModelKind> kind = new ChoiceBox<>();
        kind.getItems().setAll(RunLauncherViewModel.ModelKind.values());
        kind.valueProperty().bindBidirectional(vm.modelKindProperty());
        form.addRow(row++, new Label("Model"), kind);
        TextField folder = new TextField();
        folder.setPromptText("/path/to/hf-model-folder");
        folder.textProperty().bindBidirectional(vm.modelFolderProperty());
        Label folderLabel = new Label("Folder");
        form.addRow(row++, folderLabel, folder);
        bindVisible(vm, RunLauncherViewModel.ModelKind.FOLDER, folderLabel, folder);
        TextField url = new TextField();
        url.textProperty().bindBidirectional(vm.serverUrlProperty());
        Label urlLabel = new Label("Server");
        form.addRow(row++, urlLabel, url);
        TextField model = new TextField();
        model.setPromptText("model name on the server");
        model.textProperty().bindBidirectional(vm.serverModelProperty());
        Label modelLabel = new Label("Model id");
        form.addRow(row++, modelLabel, model);
        bindVisible(vm, RunLauncherViewModel.ModelKind.SERVER, urlLabel, url, modelLabel, model);

        ComboBox<String> strategy = new ComboBox<>(vm.strategies());
        strategy.valueProperty().bindBidirectional(vm.strategyProperty());
        form.addRow(row++, new Label("Strategy"), strategy);
        Spinner<Integer> turns = new Spinner<>(1, 16, vm.maxTurnsProperty().get());
        vm.maxTurnsProperty().bind(turns.valueProperty());
        form.addRow(row++, new Label("Max turns"), turns);
        Spinner<Double> temperature = new Spinner<>(0.0, 2.0, vm.temperatureProperty().get(), 0.1);
        vm.temperatureProperty().bind(temperature.valueProperty());
        form.addRow(row++, new Label("Temperature"), temperature);
        Spinner<Integer> maxTokens = new Spinner<>(16, 32768, vm.maxTokensProperty().get(), 64);
        vm.maxTokensProperty().bind(maxTokens.valueProperty());
        form.addRow(row++, new Label("Max tokens"), maxTokens);
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, vm.seedProperty().get());
        seed.setEditable(true);
        vm.seedProperty().bind(seed.valueProperty());
        form.addRow(row++, new Label("Seed"), seed);

        ComboBox<String> dataset = new ComboBox<>(datasets.filtered(d -> !"any".equals(d)));
        dataset.setId("launch-dataset");
        dataset.valueProperty().bindBidirectional(vm.datasetProperty());
        form.addRow(row++, new Label("Dataset"), dataset);
        Spinner<Integer> offset = new Spinner<>(0, Integer.MAX_VALUE, vm.offsetProperty().get());
        offset.setEditable(true);
        // two-way: "run this problem" in the Problems tab sets the subset from the view model
        offset.getValueFactory().valueProperty().bindBidirectional(offsetValue);
        Spinner<Integer> limit = new Spinner<>(1, Integer.MAX_VALUE, vm.limitProperty().get());
        limit.setEditable(true);
        limit.getValueFactory().valueProperty().bindBidirectional(limitValue);
        form.addRow(row++, new Label("From problem"), offset);
        form.addRow(row, new Label("Problems"), limit);
        for (var n : form.getChildren()) {
            if (n instanceof javafx.scene.control.Control c && !(n instanceof Label)) c.setMaxWidth(Double.MAX_VALUE);
        }
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(0);
        form.getColumnConstraints().addAll(labels, fields);

        Button start = new Button("Start", new FontIcon(Feather.PLAY));
        start.setId("start-run");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(vm.canStart().not());
        start.setOnAction(e -> vm.start());
        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.setId("stop-run");
        stop.disableProperty().bind(vm.canStop().not());
        stop.setOnAction(e -> vm.stop());
        Button resume = new Button("Resume", new FontIcon(Feather.SKIP_FORWARD));
        resume.setId("resume-run");
        resume.disableProperty().bind(vm.canResume().not());
        resume.setOnAction(e -> vm.resume());
        HBox buttons = new HBox(6, start, stop, resume);

        ProgressBar bar = new ProgressBar(0);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            int total = vm.live().totalProperty().get();
            return total == 0 ? 0.0 : (double) vm.live().doneProperty().get() / total;
        }, vm.live().doneProperty(), vm.live().totalProperty()));
        Label progress = new Label();
        progress.setId("run-progress");
        progress.textProperty().bind(vm.progressProperty());
        progress.setWrapText(true);
        getChildren().addAll(form, buttons, bar, progress);
    }

    private static void bindVisible(RunLauncherViewModel vm, RunLauncherViewModel.ModelKind k, javafx.scene.Node... nodes) {
        for (var n : nodes) {
            n.visibleProperty().bind(vm.modelKindProperty().isEqualTo(k));
            n.managedProperty().bind(n.visibleProperty());
        }
    }
}
