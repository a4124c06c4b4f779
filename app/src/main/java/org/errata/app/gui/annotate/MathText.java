package org.errata.app.gui.annotate;

import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.errata.app.gui.inspector.LatexImages;
import org.errata.app.gui.inspector.MathSegments;

/** Text with its LaTeX rendered as images (the source, marked, until it is drawn or where it does not parse). */
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
                case INLINE, DISPLAY -> flow.getChildren().add(
                        latex.node(seg.text(), seg.kind() == MathSegments.Kind.DISPLAY, size, dark, textClass));
            }
        }
        return flow;
    }
}
