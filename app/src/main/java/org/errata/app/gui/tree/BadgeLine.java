package org.errata.app.gui.tree;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * Badges on one line, in order, as many as fit the width; the ones that do not fit are hidden
 * and a last pill says how many ({@code +2}), its tooltip naming them. The line is as tall as one
 * pill whatever it holds, so a row that shows it has one height at any width and any badge count
 * (the trace list relies on that to give its 100,000 rows a fixed height).
 *
 * <p>A child takes part while it is managed: the owner shows a badge by managing it and leaves it
 * out by unmanaging it; this line decides which of those are visible.
 */
public final class BadgeLine extends Region {
    private final double gap;
    private final Label more = new Label("+0");
    private final Tooltip moreTip = new Tooltip();

    public BadgeLine(double gap, Node... badges) {
        this.gap = gap;
        getStyleClass().add("badge-line");
        getChildren().addAll(badges);
        more.getStyleClass().addAll("badge", "badge-more");
        more.setManaged(false);
        more.setVisible(false);
        more.setTooltip(moreTip);
        getChildren().add(more);
        setMinWidth(0);
    }

    private List<Node> badges() {
        List<Node> out = new ArrayList<>();
        for (Node n : getChildren()) if (n != more && n.isManaged()) out.add(n);
        return out;
    }

    /** A badge left out by its owner (unmanaged) is not drawn either. */
    private void hideUnmanaged() {
        for (Node n : getChildren()) if (n != more && !n.isManaged()) n.setVisible(false);
    }

    /** The badges side by side with their gaps. */
    private double allWidth(List<Node> bs) {
        double w = 0;
        for (Node n : bs) w += n.prefWidth(-1);
        return w + gap * Math.max(0, bs.size() - 1);
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + allWidth(badges()) + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + snappedRightInset();
    }

    /** One pill's height, whether or not any badge shows. */
    @Override
    protected double computePrefHeight(double width) {
        double h = more.prefHeight(-1);
        for (Node n : badges()) h = Math.max(h, n.prefHeight(-1));
        return snappedTopInset() + h + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        hideUnmanaged();
        double left = snappedLeftInset();
        double top = snappedTopInset();
        double width = getWidth() - left - snappedRightInset();
        double height = getHeight() - top - snappedBottomInset();
        List<Node> bs = badges();
        boolean overflow = allWidth(bs) > width + 0.5;
        int shown = bs.size();
        double moreWidth = 0;
        if (overflow) {
            // The count's text decides its width: find how many fit beside it, its width depending on that count.
            shown = 0;
            double x = 0;
            for (Node n : bs) {
                double w = n.prefWidth(-1);
                more.setText("+" + (bs.size() - shown - 1));
                double need = x + w + gap + more.prefWidth(-1);
                if (need > width + 0.5) break;
                x += w + gap;
                shown++;
            }
            more.setText("+" + (bs.size() - shown));
            moreWidth = more.prefWidth(-1);
            StringBuilder hidden = new StringBuilder();
            for (int i = shown; i < bs.size(); i++) {
                if (hidden.length() > 0) hidden.append('\n');
                hidden.append(bs.get(i) instanceof Label l ? l.getText() : bs.get(i).toString());
            }
            moreTip.setText(hidden.toString());
        }
        double x = left;
        for (int i = 0; i < bs.size(); i++) {
            Node n = bs.get(i);
            boolean on = i < shown;
            n.setVisible(on);
            if (!on) continue;
            double w = n.prefWidth(-1);
            layoutInArea(n, x, top, w, height, 0, HPos.LEFT, VPos.CENTER);
            x += w + gap;
        }
        more.setVisible(overflow);
        if (overflow) layoutInArea(more, x, top, moreWidth, height, 0, HPos.LEFT, VPos.CENTER);
    }
}
