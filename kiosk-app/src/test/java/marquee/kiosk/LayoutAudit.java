package marquee.kiosk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Looks at a scene the way a customer would and lists what they could not read or reach:
 * <ul>
 *   <li>a control (button, label, switch) that lies partly outside the window, or outside the
 *       visible area of the scroll pane it is in, in the direction that pane does not scroll;</li>
 *   <li>a text that the control cuts and ends with an ellipsis ("Beste 2 Plätze neb…");</li>
 *   <li>two controls that overlap (a button over a label, a zoom button over another control);</li>
 *   <li>a scroll pane that needs sideways scrolling (on a kiosk only up and down is expected);</li>
 *   <li>a large heading that wraps to more than three lines.</li>
 * </ul>
 * Layers that are meant to lie on top of others (the "still there?" overlay, a map's own canvas)
 * are audited on their own: overlaps are only looked for among siblings of layout panes.
 */
public final class LayoutAudit {
    private static final double SLACK = 1.0;

    private LayoutAudit() {}

    /** The problems found in the scene, one sentence each; empty when everything fits. */
    public static List<String> check(Scene scene) {
        WaitForAsyncUtils.waitForFxEvents();
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                List<String> problems = new ArrayList<>();
                Bounds window = new BoundingBox(0, 0, scene.getWidth(), scene.getHeight());
                List<Shown> controls = new ArrayList<>();
                walk(scene.getRoot(), window, false, problems, controls);
                overlaps(controls, problems);
                return problems;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not audit the layout", e);
        }
    }

    private static void walk(Node node, Bounds visible, boolean verticalScroll, List<String> problems, List<Shown> controls) {
        if (!node.isVisible() || node.getOpacity() == 0) return;
        Bounds bounds = node.localToScene(node.getLayoutBounds());
        if (bounds == null || bounds.getWidth() <= 0 && bounds.getHeight() <= 0) return;
        boolean control = node instanceof Labeled || node instanceof javafx.scene.control.TextInputControl;
        if (control && (intersects(bounds, visible) || !verticalScroll)) {
            if (intersects(bounds, visible)) controls.add(new Shown(node, intersection(bounds, visible)));
            if (bounds.getMinX() < visible.getMinX() - SLACK || bounds.getMaxX() > visible.getMaxX() + SLACK) {
                problems.add(describe(node) + " is cut off at the " + (bounds.getMinX() < visible.getMinX() - SLACK ? "left" : "right")
                        + " (" + fmt(bounds) + " in " + fmt(visible) + ")");
            }
            if (!verticalScroll && (bounds.getMinY() < visible.getMinY() - SLACK || bounds.getMaxY() > visible.getMaxY() + SLACK)) {
                problems.add(describe(node) + " is cut off at the " + (bounds.getMinY() < visible.getMinY() - SLACK ? "top" : "bottom")
                        + " (" + fmt(bounds) + " in " + fmt(visible) + ")");
            }
        }
        if (node instanceof Labeled labeled) truncation(labeled, problems);
        if (node instanceof ScrollPane scroll) {
            Node content = scroll.getContent();
            Bounds viewport = scroll.getViewportBounds();
            if (content != null && content.getLayoutBounds().getWidth() > viewport.getWidth() + SLACK
                    && scroll.getHbarPolicy() != ScrollPane.ScrollBarPolicy.NEVER) {
                problems.add(describe(scroll) + " needs sideways scrolling (content " + Math.round(content.getLayoutBounds().getWidth())
                        + " px wide in " + Math.round(viewport.getWidth()) + " px)");
            }
            Node viewportNode = scroll.lookup(".viewport");
            Bounds shown = viewportNode == null ? bounds : viewportNode.localToScene(viewportNode.getLayoutBounds());
            if (content != null) walk(content, intersection(visible, shown), true, problems, controls);
            return;
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) walk(child, visible, verticalScroll, problems, controls);
        }
    }

    /** Labeled text the skin shortened ("…") or a heading that wraps into a column of words. */
    private static void truncation(Labeled labeled, List<String> problems) {
        String full = labeled.getText();
        if (full == null || full.isBlank()) return;
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text shown && child.getStyleClass().contains("text")) {
                String rendered = shown.getText();
                if (rendered != null && !rendered.equals(full) && !rendered.replace("\n", " ").strip().equals(full.replace("\n", " ").strip())) {
                    problems.add(describe(labeled) + " is cut short: shows \"" + rendered.replace('\n', ' ') + "\"");
                }
                double size = labeled.getFont().getSize();
                double lines = Math.round(shown.getLayoutBounds().getHeight() / (size * 1.3));
                if (size >= 32 && lines > 3) {
                    problems.add(describe(labeled) + " wraps to " + (int) lines + " lines");
                }
            }
        }
    }

    private record Shown(Node node, Bounds bounds) {}

    private static void overlaps(List<Shown> controls, List<String> problems) {
        for (int i = 0; i < controls.size(); i++) {
            for (int j = i + 1; j < controls.size(); j++) {
                Node a = controls.get(i).node();
                Node b = controls.get(j).node();
                if (related(a, b) || !sameLayer(a, b)) continue;
                Bounds ba = controls.get(i).bounds();
                Bounds bb = controls.get(j).bounds();
                double w = Math.min(ba.getMaxX(), bb.getMaxX()) - Math.max(ba.getMinX(), bb.getMinX());
                double h = Math.min(ba.getMaxY(), bb.getMaxY()) - Math.max(ba.getMinY(), bb.getMinY());
                if (w > 2 && h > 2) problems.add(describe(a) + " overlaps " + describe(b));
            }
        }
    }

    /** Controls in different children of a StackPane are different layers (an overlay), not an overlap. */
    private static boolean sameLayer(Node a, Node b) {
        Node common = commonAncestor(a, b);
        if (!(common instanceof StackPane)) return true;
        return false;
    }

    private static Node commonAncestor(Node a, Node b) {
        List<Node> chain = new ArrayList<>();
        for (Node n = a; n != null; n = n.getParent()) chain.add(n);
        for (Node n = b; n != null; n = n.getParent()) if (chain.contains(n)) return n;
        return null;
    }

    private static boolean related(Node a, Node b) {
        for (Node n = a.getParent(); n != null; n = n.getParent()) if (n == b) return true;
        for (Node n = b.getParent(); n != null; n = n.getParent()) if (n == a) return true;
        return false;
    }

    private static boolean intersects(Bounds a, Bounds b) {
        return a.getMaxX() > b.getMinX() && a.getMinX() < b.getMaxX() && a.getMaxY() > b.getMinY() && a.getMinY() < b.getMaxY();
    }

    private static Bounds intersection(Bounds a, Bounds b) {
        double minX = Math.max(a.getMinX(), b.getMinX());
        double minY = Math.max(a.getMinY(), b.getMinY());
        double maxX = Math.min(a.getMaxX(), b.getMaxX());
        double maxY = Math.min(a.getMaxY(), b.getMaxY());
        return new BoundingBox(minX, minY, Math.max(0, maxX - minX), Math.max(0, maxY - minY));
    }

    static String describe(Node node) {
        String kind = node.getClass().getSimpleName();
        String id = node.getId() == null ? "" : "#" + node.getId();
        String text = node instanceof Labeled labeled && labeled.getText() != null ? " \"" + abbreviate(labeled.getText()) + "\"" : "";
        String classes = id.isEmpty() && !node.getStyleClass().isEmpty() ? "." + String.join(".", node.getStyleClass()) : "";
        return kind + id + classes + text;
    }

    private static String abbreviate(String text) {
        String one = text.replace('\n', ' ');
        return one.length() > 40 ? one.substring(0, 40) + "…" : one;
    }

    private static String fmt(Bounds b) {
        return String.format(Locale.ROOT, "%.0f,%.0f %.0fx%.0f", b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }
}
