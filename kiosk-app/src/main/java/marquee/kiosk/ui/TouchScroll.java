package marquee.kiosk.ui;

import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseEvent;

/**
 * Scrolling a list the way a finger expects: drag it up and down, let go and it glides on and
 * slows down. A drag that starts on a button (a film's poster) scrolls and does not press it;
 * only a tap presses. The scroll bars are hidden: nothing to aim at with a finger.
 */
public final class TouchScroll {
    /** Movement below this (px) between press and release is a tap. */
    static final double SLOP = 12;
    /** Share of the speed kept per frame (60 fps) while gliding. */
    private static final double FRICTION = 0.94;

    private final ScrollPane scroll;
    private double pressY;
    private double pressValue;
    private boolean dragging;
    private double lastY;
    private long lastNanos;
    private double velocity; // px per second, positive = content moves up (scrolls down)
    private final AnimationTimer glide;
    private long glideLast;

    private TouchScroll(ScrollPane scroll) {
        this.scroll = scroll;
        this.glide = new AnimationTimer() {
            @Override
            public void handle(long now) {
                double dt = glideLast == 0 ? 1 / 60.0 : (now - glideLast) / 1e9;
                glideLast = now;
                scrollBy(velocity * dt);
                velocity *= Math.pow(FRICTION, dt * 60);
                if (Math.abs(velocity) < 20) stop();
            }
        };
    }

    public static TouchScroll install(ScrollPane scroll) {
        TouchScroll touch = new TouchScroll(scroll);
        scroll.setPannable(false);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("touch-scroll");
        scroll.addEventFilter(MouseEvent.MOUSE_PRESSED, touch::pressed);
        scroll.addEventFilter(MouseEvent.MOUSE_DRAGGED, touch::dragged);
        scroll.addEventFilter(MouseEvent.MOUSE_RELEASED, touch::released);
        scroll.addEventFilter(MouseEvent.MOUSE_CLICKED, event -> {
            if (touch.dragging) event.consume();
        });
        scroll.sceneProperty().addListener((p, o, scene) -> {
            if (scene == null) touch.glide.stop();
        });
        return touch;
    }

    private void pressed(MouseEvent e) {
        glide.stop();
        velocity = 0;
        dragging = false;
        pressY = e.getSceneY();
        lastY = pressY;
        lastNanos = System.nanoTime();
        pressValue = scroll.getVvalue();
    }

    private void dragged(MouseEvent e) {
        double dy = e.getSceneY() - pressY;
        if (!dragging && Math.abs(dy) < SLOP) return;
        if (!dragging) {
            dragging = true;
            // The finger is scrolling: the button it started on must not fire on release.
            disarm(e.getTarget() instanceof Node node ? node : null);
        }
        double range = scrollRange();
        if (range > 0) scroll.setVvalue(clamp(pressValue - dy / range * (scroll.getVmax() - scroll.getVmin())));
        long now = System.nanoTime();
        double dt = (now - lastNanos) / 1e9;
        if (dt > 0) velocity = 0.7 * velocity + 0.3 * (-(e.getSceneY() - lastY) / dt);
        lastY = e.getSceneY();
        lastNanos = now;
        e.consume();
    }

    private void released(MouseEvent e) {
        if (!dragging) return;
        e.consume();
        if (System.nanoTime() - lastNanos > 100_000_000L) velocity = 0; // held still before letting go
        if (Math.abs(velocity) > 50) {
            glideLast = 0;
            glide.start();
        }
    }

    /** True while (and right after) a finger scrolled rather than tapped. */
    public boolean dragging() {
        return dragging;
    }

    private void scrollBy(double pixels) {
        double range = scrollRange();
        if (range <= 0) return;
        double before = scroll.getVvalue();
        scroll.setVvalue(clamp(before + pixels / range * (scroll.getVmax() - scroll.getVmin())));
        if (scroll.getVvalue() == before) glide.stop();
    }

    private double scrollRange() {
        Node content = scroll.getContent();
        if (content == null) return 0;
        return content.getLayoutBounds().getHeight() - scroll.getViewportBounds().getHeight();
    }

    private double clamp(double value) {
        return Math.max(scroll.getVmin(), Math.min(scroll.getVmax(), value));
    }

    private static void disarm(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof ButtonBase button) button.disarm();
        }
    }
}
