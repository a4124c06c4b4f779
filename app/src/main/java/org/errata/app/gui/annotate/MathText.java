package org.errata.app.gui.annotate;

import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.errata.app.gui.inspector.LatexImages;
import org.errata.app.gui.inspector.MathSegments;

/** Text with its LaTeX rendered as images (the source, marked, where it does not parse). */
public final class MathText {
    private MathText() {}

    public static TextFlow flow(String text, LatexImages latex, float size, boolean dark, String textClass) {
        TextFlow flow = new TextFlow();
        for (MathSegments.Segment seg : MathSegments.split(text)) {
            switch (seg.kind()) {
                case TEXT -> {
                    Text t = new Text(seg.text());
                    t.getStyleClass().add(textClass);
                    flow.getChildren().add(t);
                }
                case INLINE, DISPLAY -> {
                    boolean display = seg.kind() == MathSegments.Kind.DISPLAY;
                    var img = latex.render(seg.text(), display, size, dark);
                    if (img.isPresent()) {
                        ImageView v = new ImageView(img.get());
                        v.getStyleClass().add("math");
                        Tooltip.install(v, new Tooltip(seg.text()));
                        flow.getChildren().add(v);
                    } else {
                        Text t = new Text(display ? "\\[" + seg.text() + "\\]" : "$" + seg.text() + "$");
                        t.getStyleClass().addAll(textClass, "latex-error");
                        flow.getChildren().add(t);
                    }
                }
            }
        }
        return flow;
    }
}
