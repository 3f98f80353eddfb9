package marquee.kiosk.ui;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * A screen's top bar: a button on the left, the title, and buttons on the right. The title sits
 * between them when it fits on one line there; otherwise (German, high contrast, a portrait kiosk)
 * it gets a row of its own under the buttons, so it never turns into a column of single words.
 */
public final class TopBar extends Region {
    private final Node left;
    private final Region title;
    private final Node right;
    private final double gap;

    public TopBar(Node left, Region title, Node right, double gap) {
        this.left = left;
        this.title = title;
        this.right = right;
        this.gap = gap;
        getStyleClass().add("top-bar");
        getChildren().addAll(nonNull(left), title, nonNull(right));
    }

    private static Node nonNull(Node node) {
        return node == null ? new Region() : node;
    }

    private double leftWidth() {
        return left == null ? 0 : left.prefWidth(-1) + gap;
    }

    private double rightWidth() {
        return right == null ? 0 : right.prefWidth(-1) + gap;
    }

    private double inner(double width) {
        Insets in = getInsets();
        return width - in.getLeft() - in.getRight();
    }

    /** True when the title fits on one line between the buttons. */
    private boolean oneRow(double width) {
        double between = inner(width) - leftWidth() - rightWidth();
        return title.prefWidth(-1) <= between;
    }

    private double buttonsHeight() {
        double l = left == null ? 0 : left.prefHeight(-1);
        double r = right == null ? 0 : right.prefHeight(-1);
        return Math.max(l, r);
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double w = width < 0 ? getWidth() : width;
        if (w <= 0) w = computePrefWidth(-1);
        double buttons = buttonsHeight();
        double content = oneRow(w) ? Math.max(buttons, title.prefHeight(-1))
                : buttons + gap / 2 + title.prefHeight(inner(w));
        return in.getTop() + content + in.getBottom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + leftWidth() + title.prefWidth(-1) + rightWidth() + in.getRight();
    }

    @Override
    protected double computeMinWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + leftWidth() + rightWidth() + in.getRight();
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = inner(getWidth());
        double buttons = buttonsHeight();
        double lw = left == null ? 0 : left.prefWidth(-1);
        double rw = right == null ? 0 : right.prefWidth(-1);
        if (oneRow(getWidth())) {
            double h = Math.max(buttons, title.prefHeight(-1));
            if (left != null) left.resizeRelocate(x, y + (h - left.prefHeight(-1)) / 2, lw, left.prefHeight(-1));
            if (right != null) right.resizeRelocate(x + w - rw, y + (h - right.prefHeight(-1)) / 2, rw, right.prefHeight(-1));
            double tx = x + leftWidth();
            double tw = w - leftWidth() - rightWidth();
            double th = title.prefHeight(tw);
            title.resizeRelocate(tx, y + (h - th) / 2, tw, th);
        } else {
            if (left != null) left.resizeRelocate(x, y + (buttons - left.prefHeight(-1)) / 2, lw, left.prefHeight(-1));
            if (right != null) right.resizeRelocate(x + w - rw, y + (buttons - right.prefHeight(-1)) / 2, rw, right.prefHeight(-1));
            double th = title.prefHeight(w);
            title.resizeRelocate(x, y + buttons + gap / 2, w, th);
        }
    }
}
