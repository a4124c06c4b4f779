package org.errata.app.gui.inspector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;
import org.errata.app.gui.TabContent;
import org.errata.app.gui.diff.DiffView;
import org.errata.runtime.api.TokenLogprob;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The inspector: the node's text (rendered LaTeX, or the raw text in a RichTextFX area with the
 * step spans styled), the token heatmap, the call details, the step diff and the prompt.
 */
public final class InspectorView extends BorderPane {
    private final InspectorViewModel vm;
    private final BooleanProperty dark;
    private final Label title = new Label();
    private final Label checkers = new Label();
    private final Label copiedNote = new Label();
    private final StyleClassedTextArea rawArea = new StyleClassedTextArea();
    private final VBox rendered = new VBox(4);
    private final ScrollPane renderedScroll = new ScrollPane(rendered);
    /** The token heatmap: one flow of token labels per line of the text. */
    private final javafx.scene.layout.VBox heatmap = new javafx.scene.layout.VBox(2);
    private final TableView<InspectorDocument.Detail> details = new TableView<>();
    private final DiffView diff = new DiffView();
    private final TextArea prompt = new TextArea();
    private final TabPane tabs = new TabPane();
    private final LatexImages latex = new LatexImages();
    /** The parts not yet filled with the current document. */
    private final EnumSet<Part> stale = EnumSet.allOf(Part.class);
    /** The part the user sees now: by the selected tab and the Raw toggle. */
    private final Supplier<@Nullable Part> inView;

    public InspectorView(InspectorViewModel vm, BooleanProperty dark) {
        this.vm = vm;
        this.dark = dark;
        getStyleClass().add("inspector");
        title.getStyleClass().add("inspector-title");
        title.setMinWidth(0);
        ToggleButton raw = new ToggleButton("Raw", new FontIcon(Feather.CODE));
        raw.setId("raw-toggle");
        raw.selectedProperty().bindBidirectional(vm.rawProperty());
        raw.setTooltip(new Tooltip("Show the raw text instead of rendered LaTeX (Ctrl+R)"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, raw);
        head.getStyleClass().add("inspector-head");
        head.setPadding(new Insets(6, 8, 6, 8));
        checkers.setId("checker-verdicts");
        checkers.getStyleClass().add("checker-verdicts");
        checkers.setPadding(new Insets(2, 8, 4, 8));
        checkers.setMinWidth(0);
        checkers.managedProperty().bind(checkers.visibleProperty());
        copiedNote.setId("copied-note");
        copiedNote.getStyleClass().add("copied-note");
        copiedNote.setPadding(new Insets(2, 8, 4, 8));
        copiedNote.managedProperty().bind(copiedNote.visibleProperty());
        copiedNote.setVisible(false);
        setTop(new VBox(head, checkers, copiedNote));

        rawArea.setId("inspector-text");
        rawArea.setEditable(false);
        rawArea.setWrapText(true);
        rawArea.getStyleClass().add("inspector-text");
        // hovering a copied span says where it was copied from
        rawArea.setMouseOverTextDelay(java.time.Duration.ofMillis(150));
        rawArea.addEventHandler(org.fxmisc.richtext.event.MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN,
                e -> showCopiedNoteAt(e.getCharacterIndex()));
        rawArea.addEventHandler(org.fxmisc.richtext.event.MouseOverTextEvent.MOUSE_OVER_TEXT_END,
                e -> copiedNote.setVisible(false));
        rendered.setId("inspector-rendered");
        rendered.getStyleClass().add("rendered");
        rendered.setPadding(new Insets(8));
        renderedScroll.setFitToWidth(true);
        VirtualizedScrollPane<StyleClassedTextArea> rawScroll = new VirtualizedScrollPane<>(rawArea);
        StackPane text = new StackPane(renderedScroll, rawScroll);
        rawScroll.visibleProperty().bind(vm.rawProperty());
        renderedScroll.visibleProperty().bind(vm.rawProperty().not());

        heatmap.setId("heatmap");
        heatmap.getStyleClass().add("heatmap");
        heatmap.setPadding(new Insets(8));
        ScrollPane heatScroll = new ScrollPane(heatmap);
        heatScroll.setFitToWidth(true);

        details.setId("details");
        TableColumn<InspectorDocument.Detail, String> key = new TableColumn<>("Field");
        key.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().key()));
        key.setPrefWidth(160);
        TableColumn<InspectorDocument.Detail, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().value()));
        details.getColumns().add(key);
        details.getColumns().add(value);
        details.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        prompt.setEditable(false);
        prompt.setWrapText(true);
        prompt.getStyleClass().add("prompt-text");

        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab textTab = tab("Text", Feather.FILE_TEXT, text);
        Tab tokensTab = tab("Tokens", Feather.BAR_CHART_2, heatScroll);
        Tab detailsTab = tab("Details", Feather.LIST, details);
        Tab diffTab = tab("Diff", Feather.GIT_PULL_REQUEST, diff);
        Tab promptTab = tab("Prompt", Feather.MESSAGE_SQUARE, prompt);
        tabs.getTabs().addAll(textTab, tokensTab, detailsTab, diffTab, promptTab);
        setCenter(tabs);
        inView = () -> {
            Tab t = tabs.getSelectionModel().getSelectedItem();
            if (t == textTab) return vm.rawProperty().get() ? Part.RAW : Part.RENDERED;
            if (t == tokensTab) return Part.HEATMAP;
            if (t == detailsTab) return Part.DETAILS;
            if (t == diffTab) return Part.DIFF;
            return t == promptTab ? Part.PROMPT : null;
        };

        tabs.getSelectionModel().selectedItemProperty().addListener(o -> refreshInView());
        vm.rawProperty().addListener(o -> refreshInView());
        vm.documentProperty().addListener(o -> show());
        dark.addListener(o -> show());
        show();
    }

    /**
     * The parts of the inspector that show a document, each filled only when it comes into view
     * (its tab selected, or the Raw toggle), so opening a node costs only what is seen.
     */
    private enum Part { RENDERED, RAW, HEATMAP, DETAILS, DIFF, PROMPT }

    /** A tab whose content joins the scene when it is first selected (the first one as the pane selects it). */
    private static Tab tab(String name, Feather icon, javafx.scene.Node content) {
        Tab t = new Tab(name);
        t.setGraphic(new FontIcon(icon));
        t.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT));
        TabContent.whenSelected(t, content);
        return t;
    }

    public TabPane tabs() { return tabs; }

    /** The raw text area, filled with the current document. */
    public StyleClassedTextArea rawArea() {
        refresh(Part.RAW);
        return rawArea;
    }

    /** The rendered text, filled with the current document. */
    public VBox rendered() {
        refresh(Part.RENDERED);
        return rendered;
    }

    /** Shows the current document: the header now, each part when it comes into view. */
    private void show() {
        InspectorDocument d = vm.document();
        title.setText(d.title());
        checkers.setText(d.checkers());
        checkers.setVisible(!d.checkers().isEmpty());
        stale.addAll(EnumSet.allOf(Part.class));
        refreshInView();
    }

    private void refreshInView() {
        Part p = inView.get();
        if (p != null) refresh(p);
    }

    private void refresh(Part part) {
        if (!stale.remove(part)) return;
        InspectorDocument d = vm.document();
        switch (part) {
            case RENDERED -> renderText(d);
            case RAW -> {
                rawArea.replaceText(d.text());
                if (!d.text().isEmpty()) rawArea.setStyleSpans(0, styleSpans(d));
                rawArea.moveTo(0);
                rawArea.requestFollowCaret();
            }
            case HEATMAP -> renderHeatmap(d);
            case DETAILS -> details.getItems().setAll(d.details());
            case DIFF -> diff.show(d.diff());
            case PROMPT -> prompt.setText(d.prompt());
        }
    }

    /** Shows where the copied text at character {@code index} came from (hides the note elsewhere). */
    public void showCopiedNoteAt(int index) {
        java.util.Optional<String> note = vm.document().copiedNoteAt(index);
        copiedNote.setText(note.orElse(""));
        copiedNote.setVisible(note.isPresent());
    }

    public Label copiedNote() { return copiedNote; }

    /** The spans' classes, with {@link InspectorDocument#COPIED} added over the copied marks. */
    static StyleSpans<Collection<String>> styleSpans(InspectorDocument d) {
        int n = d.text().length();
        java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>(List.of(0, n));
        for (InspectorDocument.Span s : d.spans()) {
            cuts.add(Math.min(s.start(), n));
            cuts.add(Math.min(s.end(), n));
        }
        for (InspectorDocument.Mark m : d.copied()) {
            cuts.add(Math.min(m.start(), n));
            cuts.add(Math.min(m.end(), n));
        }
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        Integer from = 0;
        for (Integer to = cuts.higher(from); to != null; from = to, to = cuts.higher(to)) {
            int at = from;
            List<String> cls = new ArrayList<>();
            d.spans().stream().filter(s -> s.start() <= at && at < s.end()).findFirst()
                    .ifPresent(s -> cls.addAll(s.styleClasses()));
            if (d.copied().stream().anyMatch(m -> m.start() <= at && at < m.end())) cls.add(InspectorDocument.COPIED);
            b.add(cls, to - from);
        }
        return b.create();
    }

    /** Rendered text: one block per span (or gap), math through JLaTeXMath. */
    private void renderText(InspectorDocument d) {
        rendered.getChildren().clear();
        String text = d.text();
        int at = 0;
        List<InspectorDocument.Span> blocks = new ArrayList<>();
        for (InspectorDocument.Span s : d.spans()) {
            if (s.start() > at) blocks.add(new InspectorDocument.Span(at, s.start(), List.of()));
            blocks.add(s);
            at = s.end();
        }
        if (at < text.length()) blocks.add(new InspectorDocument.Span(at, text.length(), List.of()));
        for (InspectorDocument.Span b : blocks) {
            String part = text.substring(b.start(), b.end());
            if (part.isBlank() && b.styleClasses().isEmpty()) continue;
            TextFlow flow = new TextFlow();
            flow.getStyleClass().add("block");
            flow.getStyleClass().addAll(b.styleClasses());
            String stripped = part.strip();
            int base = b.start() + part.indexOf(stripped);
            int cursor = 0;
            for (MathSegments.Segment seg : MathSegments.split(stripped)) {
                switch (seg.kind()) {
                    case TEXT -> {
                        int found = stripped.indexOf(seg.text(), cursor);
                        cursor = found < 0 ? cursor : found + seg.text().length();
                        addText(flow, seg.text(), found < 0 ? -1 : base + found, d);
                    }
                    case INLINE, DISPLAY -> flow.getChildren().add(
                            latex.node(seg.text(), seg.kind() == MathSegments.Kind.DISPLAY, 17f, dark.get(), "rendered-text"));
                }
            }
            rendered.getChildren().add(flow);
        }
    }

    /** Text at {@code offset} of the document (-1: unknown), copied pieces styled and explained on hover. */
    private static void addText(TextFlow flow, String text, int offset, InspectorDocument d) {
        int at = 0;
        if (offset >= 0) {
            for (InspectorDocument.Mark m : d.copied()) {
                int s = Math.max(m.start() - offset, at);
                int e = Math.min(m.end() - offset, text.length());
                if (s >= e) continue;
                if (s > at) flow.getChildren().add(piece(text.substring(at, s), null));
                flow.getChildren().add(piece(text.substring(s, e), m.note()));
                at = e;
            }
        }
        if (at < text.length()) flow.getChildren().add(piece(text.substring(at), null));
    }

    private static Text piece(String text, @Nullable String copiedNote) {
        Text t = new Text(text);
        t.getStyleClass().add("rendered-text");
        if (copiedNote != null) {
            t.getStyleClass().add(InspectorDocument.COPIED);
            Tooltip tip = new Tooltip(copiedNote);
            tip.setShowDelay(Duration.millis(150));
            Tooltip.install(t, tip);
        }
        return t;
    }

    private void renderHeatmap(InspectorDocument d) {
        List<TokenLogprob> lps = d.logprobs();
        heatmap.getChildren().clear();
        if (lps.isEmpty()) {
            // only attempts keep their tokens; the Details row says why an attempt has none
            String why = d.details().stream().filter(x -> x.key().equals("logprobs")).map(InspectorDocument.Detail::value)
                    .findFirst().map(v -> "No token log-probabilities for this attempt: " + v + ".")
                    .orElse("Token probabilities are kept for what a model wrote as an attempt: select an attempt.");
            Label none = new Label(why);
            none.setWrapText(true);
            none.getStyleClass().add("muted");
            heatmap.getChildren().add(none);
            return;
        }
        FlowPane line = new FlowPane(0, 2);
        heatmap.getChildren().add(line);
        for (TokenLogprob t : lps) {
            Label l = new Label(t.token().replace("\n", "\u21B5"));
            l.getStyleClass().addAll("token", Heat.styleClass(t.logprob()));
            Tooltip tip = new Tooltip(Heat.describe(t));
            tip.setShowDelay(Duration.millis(150));
            tip.getStyleClass().add("token-tip");
            l.setTooltip(tip);
            line.getChildren().add(l);
            if (t.token().endsWith("\n")) {
                // the text's line breaks break the heatmap's lines too
                line = new FlowPane(0, 2);
                heatmap.getChildren().add(line);
            }
        }
    }

    /** For tests: whether the current document styles any span with {@code styleClass}. */
    public boolean rawAreaHasStyle(String styleClass) {
        refresh(Part.RAW);
        for (int i = 0; i < rawArea.getLength(); i++) {
            if (rawArea.getStyleOfChar(i).contains(styleClass)) return true;
        }
        return false;
    }

    /** The inspector's own view model. */
    public InspectorViewModel viewModel() { return vm; }

}
