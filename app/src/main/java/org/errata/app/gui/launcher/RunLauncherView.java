package org.errata.app.gui.launcher;

import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import org.errata.correction.engine.Knob;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The launcher form: model, strategy and problems; the recipe's knobs as fields generated from
 * their descriptions (help in tooltips), with load and save of recipe files, a warning when the
 * model does not speak the strategy's format, and a prompt preview; a model for each other role
 * the strategy calls (SuperCorrect's teacher and inspector, the critic); start, stop and resume,
 * and the live run's progress.
 */
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
        strategy.setId("launch-strategy");
        strategy.valueProperty().bindBidirectional(vm.strategyProperty());
        form.addRow(row++, new Label("Strategy"), strategy);
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

        GridPane roles = new GridPane();
        roles.setId("role-models");
        roles.setHgap(8);
        roles.setVgap(6);
        Runnable fillRoles = () -> fillRoles(vm, roles);
        vm.roleModels().addListener((javafx.collections.ListChangeListener<RoleModelChoice>) c -> fillRoles.run());
        fillRoles.run();
        roles.visibleProperty().bind(Bindings.isNotEmpty(vm.roleModels()));
        roles.managedProperty().bind(roles.visibleProperty());

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
        Label warning = new Label();
        warning.setId("format-warning");
        warning.getStyleClass().add("warning");
        warning.setWrapText(true);
        warning.textProperty().bind(vm.formatWarningProperty());
        warning.visibleProperty().bind(vm.formatWarningProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());

        Button load = new Button("Load recipe…", new FontIcon(Feather.FOLDER));
        load.setId("load-recipe");
        load.setOnAction(e -> {
            FileChooser chooser = recipeChooser("Load a recipe");
            java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) vm.load(f.toPath());
        });
        Button save = new Button("Save recipe…", new FontIcon(Feather.SAVE));
        save.setId("save-recipe");
        save.setOnAction(e -> {
            FileChooser chooser = recipeChooser("Save the recipe");
            chooser.setInitialFileName(vm.strategyProperty().get() + ".yaml");
            java.io.File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) vm.save(f.toPath());
        });
        Label message = new Label();
        message.setWrapText(true);
        message.textProperty().bind(vm.formMessageProperty());
        HBox files = new HBox(6, load, save, message);

        GridPane knobs = new GridPane();
        knobs.setId("knob-form");
        knobs.setHgap(8);
        knobs.setVgap(4);
        GridPane advanced = new GridPane();
        advanced.setHgap(8);
        advanced.setVgap(4);
        Runnable fill = () -> fillKnobs(vm, knobs, advanced);
        vm.knobs().addListener((javafx.collections.ListChangeListener<KnobField>) c -> fill.run());
        fill.run();
        TitledPane more = new TitledPane("Model profile, runtime and prompts", advanced);
        more.setExpanded(false);

        ChoiceBox<String> template = new ChoiceBox<>(vm.templates());
        template.valueProperty().bindBidirectional(vm.previewTemplateProperty());
        TextField problem = new TextField();
        problem.textProperty().bindBidirectional(vm.previewProblemProperty());
        Button pick = new Button("Problem from dataset");
        pick.setTooltip(new Tooltip("Preview with the problem at 'From problem' of the chosen dataset"));
        pick.setOnAction(e -> vm.previewChosenProblem());
        HBox.setHgrow(problem, Priority.ALWAYS);
        TextArea preview = new TextArea();
        preview.setId("prompt-preview");
        preview.setEditable(false);
        preview.setWrapText(true);
        preview.setPrefRowCount(6);
        preview.textProperty().bind(vm.previewProperty());
        VBox previewBox = new VBox(4, new HBox(6, template, problem, pick), preview);
        TitledPane previewPane = new TitledPane("Prompt preview", previewBox);
        previewPane.setExpanded(false);

        VBox recipeBox = new VBox(6, files, warning, knobs, more, previewPane);
        ScrollPane scroll = new ScrollPane(recipeBox);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(form, roles, scroll, buttons, bar, progress);
    }

    /**
     * One row per role of the strategy besides the student: its model (the main one by default),
     * with a folder field or server fields when it has one of its own.
     */
    private static void fillRoles(RunLauncherViewModel vm, GridPane grid) {
        grid.getChildren().clear();
        int row = 0;
        for (RoleModelChoice c : vm.roleModels()) {
            String id = c.role().wireName();
            ChoiceBox<RoleModelChoice.Kind> kind = new ChoiceBox<>();
            kind.setId("role-kind-" + id);
            kind.getItems().setAll(RoleModelChoice.Kind.values());
            kind.valueProperty().bindBidirectional(c.kindProperty());
            TextField folder = new TextField();
            folder.setId("role-folder-" + id);
            folder.setPromptText("/path/to/hf-model-folder");
            folder.textProperty().bindBidirectional(c.folderProperty());
            TextField url = new TextField();
            url.setId("role-url-" + id);
            url.textProperty().bindBidirectional(c.serverUrlProperty());
            TextField model = new TextField();
            model.setId("role-model-" + id);
            model.setPromptText("model name on the server");
            model.textProperty().bindBidirectional(c.serverModelProperty());
            folder.visibleProperty().bind(c.kindProperty().isEqualTo(RoleModelChoice.Kind.FOLDER));
            for (TextField f : java.util.List.of(url, model)) {
                f.visibleProperty().bind(c.kindProperty().isEqualTo(RoleModelChoice.Kind.SERVER));
            }
            HBox where = new HBox(6, folder, url, model);
            for (TextField f : java.util.List.of(folder, url, model)) {
                f.managedProperty().bind(f.visibleProperty());
                HBox.setHgrow(f, Priority.ALWAYS);
            }
            GridPane.setHgrow(where, Priority.ALWAYS);
            Label label = new Label(c.label() + " model");
            label.setTooltip(new Tooltip("The model that plays the " + id + "; by default the main model plays it."));
            grid.addRow(row++, label, kind, where);
        }
    }

    private static FileChooser recipeChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Recipes (*.yaml)", "*.yaml", "*.yml"));
        return chooser;
    }

    /** One row per knob: the strategy's own, sampling, budgets and grading in the form; profile, runtime and prompts below. */
    private static void fillKnobs(RunLauncherViewModel vm, GridPane main, GridPane advanced) {
        main.getChildren().clear();
        advanced.getChildren().clear();
        int mainRow = 0;
        int advancedRow = 0;
        for (KnobField f : vm.knobs()) {
            boolean isAdvanced = f.key().startsWith("profile.") || f.key().startsWith("runtime.") || f.isPrompt();
            Label label = new Label(f.key());
            Tooltip help = new Tooltip(f.knob().help() + " (" + f.knob().range() + "; recipe: "
                    + (f.isPrompt() ? "see the text" : Knob.show(f.recipeValue())) + ")");
            help.setWrapText(true);
            help.setMaxWidth(480);
            label.setTooltip(help);
            javafx.scene.control.Control editor = editor(f);
            editor.setTooltip(help);
            editor.setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(editor, Priority.ALWAYS);
            Label error = new Label();
            error.getStyleClass().add("danger");
            error.textProperty().bind(f.errorProperty());
            if (isAdvanced) {
                advanced.addRow(advancedRow++, label, editor, error);
            } else {
                main.addRow(mainRow++, label, editor, error);
            }
        }
    }

    private static javafx.scene.control.Control editor(KnobField f) {
        return switch (f.knob().type()) {
            case BOOL -> {
                CheckBox box = new CheckBox();
                box.setSelected(Boolean.parseBoolean(f.textProperty().get()));
                box.selectedProperty().addListener((o, a, b) -> f.textProperty().set(String.valueOf(b)));
                yield box;
            }
            case CHOICE -> {
                ChoiceBox<String> box = new ChoiceBox<>();
                box.getItems().setAll(f.knob().choices());
                box.setValue(f.textProperty().get());
                box.valueProperty().addListener((o, a, b) -> f.textProperty().set(b));
                yield box;
            }
            case TEXT -> {
                if (f.isPrompt() || f.key().equals("profile.chat_template")) {
                    TextArea area = new TextArea();
                    area.setPrefRowCount(f.isPrompt() ? 4 : 2);
                    area.setWrapText(true);
                    area.textProperty().bindBidirectional(f.textProperty());
                    yield area;
                }
                TextField field = new TextField();
                field.textProperty().bindBidirectional(f.textProperty());
                yield field;
            }
            case INT, DOUBLE, LIST -> {
                TextField field = new TextField();
                field.textProperty().bindBidirectional(f.textProperty());
                yield field;
            }
        };
    }

    private static void bindVisible(RunLauncherViewModel vm, RunLauncherViewModel.ModelKind k, javafx.scene.Node... nodes) {
        for (var n : nodes) {
            n.visibleProperty().bind(vm.modelKindProperty().isEqualTo(k));
            n.managedProperty().bind(n.visibleProperty());
        }
    }
}
