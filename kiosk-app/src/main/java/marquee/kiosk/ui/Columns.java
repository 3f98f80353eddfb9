package marquee.kiosk.ui;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * A screen's main area and its side panel: side by side on a landscape screen, the panel under
 * the main area on a portrait kiosk (1080×1920), so neither gets squeezed.
 */
public final class Columns extends Region {
    private final Node main;
    private final Region side;
    private final double gap;

    public Columns(Node main, Region side, double gap) {
        this.main = main;
        this.side = side;
        this.gap = gap;
        getStyleClass().add("columns");
        getChildren().addAll(main, side);
    }

    private boolean portrait() {
        return getHeight() > getWidth();
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = getWidth() - in.getLeft() - in.getRight();
        double h = getHeight() - in.getTop() - in.getBottom();
        if (portrait()) {
            double sideHeight = Math.min(side.prefHeight(w), h * 0.45);
            main.resizeRelocate(x, y, w, h - sideHeight - gap);
            side.resizeRelocate(x, y + h - sideHeight, w, sideHeight);
        } else {
            // The side panel gets what it asks for, but leaves the main area at least its minimum width.
            double mainMin = main instanceof Region region ? region.minWidth(h) : 0;
            double sideWidth = Math.max(side.minWidth(h), Math.min(side.prefWidth(h), Math.min(w * 0.45, w - mainMin - gap)));
            main.resizeRelocate(x, y, w - sideWidth - gap, h);
            side.resizeRelocate(x + w - sideWidth, y, sideWidth, h);
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return main.prefWidth(-1) + gap + side.prefWidth(-1);
    }

    @Override
    protected double computePrefHeight(double width) {
        return Math.max(main.prefHeight(-1), side.prefHeight(-1));
    }
}
