package marquee.kiosk.ui;

import javafx.geometry.Insets;
import javafx.scene.layout.Region;

/**
 * Two groups of controls side by side when the width holds both at {@code columnWidth} or more
 * (a side panel laid under the map on a portrait kiosk), else one under the other (a narrow side
 * panel beside it). Each group gets the whole width it has, so nothing is cut.
 */
public final class SideBySide extends Region {
    private final Region first;
    private final Region second;
    private final double columnWidth;
    private final double gap;

    public SideBySide(Region first, Region second, double columnWidth, double gap) {
        this.first = first;
        this.second = second;
        this.columnWidth = columnWidth;
        this.gap = gap;
        getStyleClass().add("side-by-side");
        getChildren().addAll(first, second);
    }

    private boolean twoColumns(double width) {
        return width >= 2 * columnWidth + gap;
    }

    private double inner(double width) {
        Insets in = getInsets();
        return width - in.getLeft() - in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double w = inner(width < 0 ? Math.max(getWidth(), columnWidth) : width);
        double content = twoColumns(w)
                ? Math.max(first.prefHeight((w - gap) / 2), second.prefHeight((w - gap) / 2))
                : first.prefHeight(w) + gap + second.prefHeight(w);
        return in.getTop() + content + in.getBottom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + Math.max(first.prefWidth(-1), second.prefWidth(-1)) + in.getRight();
    }

    @Override
    protected double computeMinWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + Math.max(first.minWidth(-1), second.minWidth(-1)) + in.getRight();
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double w = inner(getWidth());
        double x = in.getLeft();
        double y = in.getTop();
        if (twoColumns(w)) {
            double half = (w - gap) / 2;
            first.resizeRelocate(x, y, half, first.prefHeight(half));
            second.resizeRelocate(x + half + gap, y, half, second.prefHeight(half));
        } else {
            double h1 = first.prefHeight(w);
            first.resizeRelocate(x, y, w, h1);
            second.resizeRelocate(x, y + h1 + gap, w, second.prefHeight(w));
        }
    }
}
