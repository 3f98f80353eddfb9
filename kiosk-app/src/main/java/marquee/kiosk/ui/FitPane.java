package marquee.kiosk.ui;

import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * Shows one node at its preferred size when there is room and scales it down evenly (never up)
 * when there is not: a poster on a 1280×800 window, the same poster larger on a big kiosk.
 * Asks for no minimum size, so the bars around it always keep theirs.
 */
public final class FitPane extends Region {
    private final Node content;

    public FitPane(Node content) {
        this.content = content;
        getChildren().add(content);
        setMinSize(0, 0);
    }

    @Override
    protected double computePrefWidth(double height) {
        return content.prefWidth(-1);
    }

    @Override
    protected double computePrefHeight(double width) {
        return content.prefHeight(-1);
    }

    @Override
    protected void layoutChildren() {
        double w = content.prefWidth(-1);
        double h = content.prefHeight(-1);
        content.resize(w, h);
        double scale = Math.min(1, Math.min(getWidth() / w, getHeight() / h));
        if (!(scale > 0)) scale = 0.01;
        content.setScaleX(scale);
        content.setScaleY(scale);
        // Scaling is about the centre of the node's layout bounds: centre it in this pane.
        content.relocate((getWidth() - w) / 2, (getHeight() - h) / 2);
    }
}
