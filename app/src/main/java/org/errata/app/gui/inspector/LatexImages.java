package org.errata.app.gui.inspector;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.text.Text;
import org.errata.app.math.LatexRenderer;
import org.jspecify.annotations.Nullable;

/**
 * LaTeX as FX nodes, rendered by {@link LatexRenderer} under its budget, off the FX thread.
 * {@link #node} returns the image when this formula was drawn before; otherwise the formula's
 * source as text (style class {@code latex-pending}), replaced by the image where it stands once
 * the image is ready, or marked {@code latex-error} when the formula does not render. The first
 * formula of a process costs a few hundred milliseconds (JLaTeXMath's classes and fonts), which
 * would otherwise hold a window's first frame. Used on the FX thread only; keeps the most recent
 * renderings.
 */
public final class LatexImages {
    private static final int CACHE = 512;
    /** One background thread for every view's formulas: rendering is cheap once warm, and ordered. */
    private static final ExecutorService SHARED = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latex-images");
        t.setDaemon(true);
        return t;
    });

    private final Executor renderOn;
    private final Map<String, Optional<Image>> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Image>> eldest) {
            return size() > CACHE;
        }
    };
    /** Formulas being rendered, by cache key, with the placeholders waiting for them. */
    private final Map<String, List<Text>> pending = new HashMap<>();

    public LatexImages() {
        this(SHARED);
    }

    /** Renders on {@code renderOn} (tests: a direct executor renders before {@link #node} returns). */
    public LatexImages(Executor renderOn) {
        this.renderOn = renderOn;
    }

    /**
     * The formula as a node for a text flow: its image when ready, else its source in the style
     * classes {@code textClasses} (plus {@code latex-pending}, or {@code latex-error} for good).
     */
    public Node node(String latex, boolean display, float size, boolean dark, String... textClasses) {
        String key = key(latex, display, size, dark);
        Optional<Image> done = cache.get(key);
        if (done == null) {
            request(key, latex, display, size, dark);
            done = cache.get(key); // a direct executor has already delivered it
        }
        if (done != null && done.isPresent()) return imageView(done.get(), latex);
        Text source = new Text(display ? "\\[" + latex + "\\]" : "$" + latex + "$");
        source.getStyleClass().addAll(textClasses);
        if (done != null) {
            source.getStyleClass().add("latex-error");
        } else {
            source.getStyleClass().add("latex-pending");
            pending.get(key).add(source);
        }
        return source;
    }

    /** Starts rendering every formula in {@code text} that is not drawn yet (say, the next slide's). */
    public void prefetch(String text, float size, boolean dark) {
        for (MathSegments.Segment seg : MathSegments.split(text)) {
            if (seg.kind() == MathSegments.Kind.TEXT) continue;
            boolean display = seg.kind() == MathSegments.Kind.DISPLAY;
            String key = key(seg.text(), display, size, dark);
            if (!cache.containsKey(key)) request(key, seg.text(), display, size, dark);
        }
    }

    /** How many formulas are still being rendered. */
    public int inFlight() {
        return pending.size();
    }

    private void request(String key, String latex, boolean display, float size, boolean dark) {
        if (pending.putIfAbsent(key, new ArrayList<>()) != null) return;
        renderOn.execute(() -> {
            Color fg = dark ? new Color(0xE6, 0xED, 0xF3) : new Color(0x1F, 0x23, 0x28);
            Optional<Image> image;
            try {
                image = LatexRenderer.render(latex, display, size, fg).map(img -> SwingFXUtils.toFXImage(img, null));
            } catch (RuntimeException e) { // delivered as a formula that does not render, never left pending
                image = Optional.empty();
            }
            Optional<Image> drawn = image;
            if (Platform.isFxApplicationThread()) deliver(key, latex, drawn);
            else Platform.runLater(() -> deliver(key, latex, drawn));
        });
    }

    private void deliver(String key, String latex, Optional<Image> image) {
        cache.put(key, image);
        List<Text> waiting = pending.remove(key);
        if (waiting == null) return;
        for (Text source : waiting) {
            if (image.isPresent()) {
                replace(source, imageView(image.get(), latex));
            } else {
                source.getStyleClass().remove("latex-pending");
                source.getStyleClass().add("latex-error");
            }
        }
    }

    /** Puts {@code image} where {@code source} stands now, or where it will first stand. */
    private static void replace(Text source, Node image) {
        if (swap(source, image)) return;
        ChangeListener<Parent> once = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Parent> o, @Nullable Parent was, @Nullable Parent now) {
                if (now != null && swap(source, image)) source.parentProperty().removeListener(this);
            }
        };
        source.parentProperty().addListener(once);
    }

    private static boolean swap(Text source, Node image) {
        if (!(source.getParent() instanceof Pane parent)) return false;
        int at = parent.getChildren().indexOf(source);
        if (at < 0) return false;
        parent.getChildren().set(at, image);
        return true;
    }

    private static ImageView imageView(Image image, String latex) {
        ImageView v = new ImageView(image);
        v.getStyleClass().add("math");
        Tooltip.install(v, new Tooltip(latex));
        return v;
    }

    private static String key(String latex, boolean display, float size, boolean dark) {
        return (display ? "D" : "T") + size + (dark ? "d" : "l") + latex;
    }
}
