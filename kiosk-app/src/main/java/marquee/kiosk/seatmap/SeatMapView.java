package marquee.kiosk.seatmap;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The hall drawn on one Canvas: seats by category and state, row labels at both ends and the
 * screen at the top. Fits the hall to its size, zooms (buttons, wheel, pinch) and pans (drag);
 * a tap on a seat goes to {@link SeatMapViewModel#toggle}. Live changes redraw only the seats
 * concerned. Colours and sizes come from {@code seatmap.css} through styleable properties.
 */
public final class SeatMapView extends Region {
    private static final StyleablePropertyFactory<SeatMapView> CSS = new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    /** A finger moving less than this between press and release is a tap, not a pan. */
    private static final double TAP_SLOP = 12;

    private final StyleableProperty<Color> background = color("-seat-map-background", v -> v.background);
    private final StyleableProperty<Color> standard = color("-seat-standard-color", v -> v.standard);
    private final StyleableProperty<Color> premium = color("-seat-premium-color", v -> v.premium);
    private final StyleableProperty<Color> wheelchair = color("-seat-wheelchair-color", v -> v.wheelchair);
    private final StyleableProperty<Color> companion = color("-seat-companion-color", v -> v.companion);
    private final StyleableProperty<Color> couple = color("-seat-couple-color", v -> v.couple);
    private final StyleableProperty<Color> selected = color("-seat-selected-color", v -> v.selected);
    private final StyleableProperty<Color> selectedInk = color("-seat-selected-ink", v -> v.selectedInk);
    private final StyleableProperty<Color> held = color("-seat-held-color", v -> v.held);
    private final StyleableProperty<Color> sold = color("-seat-sold-color", v -> v.sold);
    private final StyleableProperty<Color> blocked = color("-seat-blocked-color", v -> v.blocked);
    private final StyleableProperty<Color> ink = color("-seat-ink", v -> v.ink);
    private final StyleableProperty<Color> unavailableInk = color("-seat-unavailable-ink", v -> v.unavailableInk);
    private final StyleableProperty<Color> rowLabel = color("-seat-row-label-color", v -> v.rowLabel);
    private final StyleableProperty<Color> screenColor = color("-seat-screen-color", v -> v.screenColor);
    private final StyleableProperty<Number> minSeatSize = CSS.createStyleableNumberProperty(this, "minSeatSize", "-seat-min-size", v -> v.minSeatSize, 44);
    private final StyleableProperty<Number> maxSeatSize = CSS.createStyleableNumberProperty(this, "maxSeatSize", "-seat-max-size", v -> v.maxSeatSize, 104);

    private final SeatMapViewModel viewModel;
    private final SeatMapModel model;
    private final Canvas canvas = new Canvas();
    /** Row letters kept at the edges when the hall is wider than the view (a layer of its own: seat updates never cover them). */
    private final Canvas edgeLabels = new Canvas();
    private final HBox zoomButtons;
    private final Label message = new Label();

    /** Pixels per seat unit, and where layout (0,0) sits on the canvas. */
    private double scale = 1;
    private double offsetX;
    private double offsetY;
    private double fitScale = 1;
    private boolean userZoomed;
    private int party = 2;
    private boolean forFingers = true;
    /** Narrowest the message may be beside the zoom buttons; narrower, it goes above them. */
    private static final double MESSAGE_MIN_WIDTH = 280;

    /** Height kept free for the zoom buttons under the hall when it is shown whole. */
    private double buttonBand;

    private double pressX;
    private double pressY;
    private double pressOffsetX;
    private double pressOffsetY;
    private boolean panning;

    /**
     * Puts a mouse-driven map of the model with its legend into a till's map pane, or the
     * placeholder while there is no showtime chosen (model null).
     */
    public static void showForPointerIn(javafx.scene.layout.BorderPane pane, javafx.scene.Node placeholder, SeatMapViewModel model,
                                        String id) {
        if (model == null) {
            pane.setCenter(placeholder);
            pane.setBottom(null);
            return;
        }
        SeatMapView view = new SeatMapView(model);
        view.setForPointer();
        view.setId(id);
        pane.setCenter(view);
        pane.setBottom(new SeatLegendView(model));
    }

    public SeatMapView(SeatMapViewModel viewModel) {
        this.viewModel = viewModel;
        this.model = viewModel.model();
        var text = viewModel.text();
        getStyleClass().add("seat-map");
        getStylesheets().add(SeatMapView.class.getResource("seatmap.css").toExternalForm());

        Button zoomIn = zoomButton(text.getString("seatmap.zoom.in"), text.getString("seatmap.zoom.in.help"));
        zoomIn.setOnAction(e -> zoomBy(1.5));
        Button zoomOut = zoomButton(text.getString("seatmap.zoom.out"), text.getString("seatmap.zoom.out.help"));
        zoomOut.setOnAction(e -> zoomBy(1 / 1.5));
        Button fit = zoomButton(text.getString("seatmap.zoom.fit"), text.getString("seatmap.zoom.fit"));
        fit.getStyleClass().add("fit");
        fit.setOnAction(e -> showWholeHall());
        zoomButtons = new HBox(fit, zoomOut, zoomIn);
        zoomButtons.getStyleClass().add("seat-map-zoom");
        zoomButtons.setPickOnBounds(false);

        message.getStyleClass().add("seat-map-message");
        message.textProperty().bind(viewModel.messageProperty());
        message.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        message.setMouseTransparent(true);

        canvas.getStyleClass().add("seat-map-canvas");
        edgeLabels.setMouseTransparent(true);
        getChildren().addAll(canvas, edgeLabels, zoomButtons, message);

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.addEventHandler(ZoomEvent.ZOOM, e -> {
            zoomAround(scale * e.getZoomFactor(), e.getX(), e.getY());
            e.consume();
        });

        viewModel.onSeatsChanged(this::redrawSeats);
        for (var p : List.of(background, standard, premium, wheelchair, companion, couple, selected, selectedInk, held, sold,
                blocked, ink, unavailableInk, rowLabel, screenColor)) {
            ((javafx.beans.value.ObservableValue<?>) p).addListener((o, a, b) -> redraw());
        }
    }

    // --- layout and viewport --------------------------------------------------------------

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double bw = zoomButtons.prefWidth(-1);
        double bh = zoomButtons.prefHeight(bw);
        // The seats are drawn above the band of the zoom buttons, never under them.
        double ch = Math.max(0, h - bh);
        if (canvas.getWidth() != w || canvas.getHeight() != ch || buttonBand != bh) {
            buttonBand = bh;
            canvas.setWidth(w);
            canvas.setHeight(ch);
            edgeLabels.setWidth(w);
            edgeLabels.setHeight(ch);
            fitScale = computeFitScale();
            if (userZoomed) {
                scale = Math.max(scale, fitScale);
                clampOffsets();
            } else {
                openView();
            }
            redraw();
        }
        zoomButtons.resizeRelocate(w - bw, h - bh, bw, bh);
        // The message sits in the band beside the zoom buttons, so it never hides a seat. A map too
        // narrow for that (a till's seat map at 1280×800) would squeeze it to an unreadable sliver:
        // then it goes just above the buttons, across the map, over the last rows until it clears.
        double beside = w - bw - 32;
        double wanted = message.prefWidth(-1);
        if (beside >= Math.min(wanted, MESSAGE_MIN_WIDTH)) {
            double mw = Math.min(wanted, beside);
            double mh = message.prefHeight(mw);
            message.resizeRelocate(16, h - Math.max(bh, mh + 16) + Math.max(0, (bh - mh) / 2), mw, mh);
        } else {
            double mw = Math.min(wanted, Math.max(0, w - 32));
            double mh = message.prefHeight(mw);
            message.resizeRelocate(16, Math.max(0, h - bh - 8 - mh), mw, mh);
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return model.width() * 48;
    }

    @Override
    protected double computePrefHeight(double width) {
        return model.height() * 48;
    }

    private double computeFitScale() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0) {
            return 1;
        }
        double fit = Math.min(w / model.width(), h / model.height());
        return Math.min(fit, maxSeatSize.getValue().doubleValue());
    }

    /**
     * The default view: the whole hall where its seats stay touchable; a hall too big for that
     * is fitted anyway (the customer sees all of it and zooms in to pick).
     */
    private void fitHall() {
        scale = fitScale;
        offsetX = (canvas.getWidth() - model.width() * scale) / 2;
        offsetY = (canvas.getHeight() - model.height() * scale) / 2;
        clampOffsets();
    }

    /**
     * The first view: the whole hall when its seats are big enough for a finger there; otherwise
     * seats of a finger's size, centred on the best free seats for the party (in the middle, about
     * two thirds back), the rest a drag or the zoom buttons away.
     */
    private void openView() {
        double touchScale = touchScale();
        if (!forFingers || fitScale >= touchScale) {
            fitHall();
            return;
        }
        scale = touchScale;
        userZoomed = true;
        SeatMapModel.Area best = bestArea(party);
        centreOn(best.centerX(), best.centerY());
    }

    /** Pixels per seat unit at which the narrowest seat is {@code -seat-min-size} wide. */
    private double touchScale() {
        double narrowest = model.seats().stream().mapToDouble(seat -> model.seatArea(seat.id()).width()).min().orElse(1);
        return minSeatSize.getValue().doubleValue() / Math.max(0.1, narrowest);
    }

    private void centreOn(double unitX, double unitY) {
        offsetX = canvas.getWidth() / 2 - unitX * scale;
        offsetY = canvas.getHeight() / 2 - unitY * scale;
        clampOffsets();
    }

    /** The free run of {@code count} seats side by side nearest the middle, two thirds back; the hall's centre if none. */
    SeatMapModel.Area bestArea(int count) {
        double targetX = model.width() / 2;
        double targetY = model.height() * 0.62;
        SeatMapModel.Area best = new SeatMapModel.Area(targetX, targetY, 0, 0);
        double bestDistance = Double.MAX_VALUE;
        java.util.Map<Double, java.util.List<SeatInfo>> rows = new java.util.TreeMap<>();
        for (SeatInfo seat : model.seats()) rows.computeIfAbsent(model.cell(seat.id()).y(), y -> new java.util.ArrayList<>()).add(seat);
        for (java.util.List<SeatInfo> row : rows.values()) {
            row.sort(java.util.Comparator.comparingDouble(seat -> model.cell(seat.id()).x()));
            java.util.List<SeatMapModel.Area> run = new java.util.ArrayList<>();
            SeatMapModel.Area previous = null;
            for (SeatInfo seat : row) {
                SeatMapModel.Area cell = model.cell(seat.id());
                boolean free = model.status(seat.id()) == SeatStatus.FREE;
                boolean adjacent = previous != null && Math.abs(previous.x() + previous.width() - cell.x()) < 0.01;
                if (!free || !adjacent) run.clear();
                if (free) run.add(cell);
                previous = cell;
                if (run.size() >= Math.max(1, count)) {
                    SeatMapModel.Area first = run.get(run.size() - Math.max(1, count));
                    double cx = (first.x() + cell.x() + cell.width()) / 2;
                    double cy = cell.centerY();
                    double distance = Math.hypot(cx - targetX, (cy - targetY) * 1.5);
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = new SeatMapModel.Area(first.x(), cell.y(), cell.x() + cell.width() - first.x(), cell.height());
                    }
                }
            }
        }
        return best;
    }

    /**
     * A till with a mouse: the whole hall at first and a click always chooses (a pointer hits small
     * seats). The kiosk's default is for fingers.
     */
    public void setForPointer() {
        forFingers = false;
    }

    /** How many people the map opens for (before it is first shown). */
    public void setParty(int people) {
        party = Math.max(1, people);
    }

    /** Scrolls (without changing the zoom) so that these seats are on screen, if one is not. */
    public void showSeats(java.util.Collection<String> ids) {
        if (ids.isEmpty() || canvas.getWidth() <= 0) return;
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (String id : ids) {
            if (model.seat(id).isEmpty()) continue;
            SeatMapModel.Area a = model.seatArea(id);
            minX = Math.min(minX, a.x());
            minY = Math.min(minY, a.y());
            maxX = Math.max(maxX, a.x() + a.width());
            maxY = Math.max(maxY, a.y() + a.height());
        }
        if (minX == Double.MAX_VALUE) return;
        boolean visible = offsetX + minX * scale >= 0 && offsetX + maxX * scale <= canvas.getWidth()
                && offsetY + minY * scale >= 0 && offsetY + maxY * scale <= canvas.getHeight();
        if (visible) return;
        centreOn((minX + maxX) / 2, (minY + maxY) / 2);
        redraw();
    }

    private void showWholeHall() {
        userZoomed = false;
        fitHall();
        redraw();
    }

    private double maxScale() {
        return Math.max(fitScale * 4, minSeatSize.getValue().doubleValue() * 2.5);
    }

    private void zoomBy(double factor) {
        zoomAround(scale * factor, canvas.getWidth() / 2, canvas.getHeight() / 2);
    }

    private void zoomAround(double newScale, double px, double py) {
        double clamped = Math.max(fitScale, Math.min(maxScale(), newScale));
        if (clamped == scale) {
            return;
        }
        double ux = (px - offsetX) / scale;
        double uy = (py - offsetY) / scale;
        scale = clamped;
        offsetX = px - ux * scale;
        offsetY = py - uy * scale;
        userZoomed = scale > fitScale;
        clampOffsets();
        redraw();
    }

    /** Keeps the hall on screen: centred along an axis where it fits, edge to edge where it does not. */
    private void clampOffsets() {
        double cw = model.width() * scale;
        double ch = model.height() * scale;
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        offsetX = cw <= w ? (w - cw) / 2 : Math.min(0, Math.max(w - cw, offsetX));
        offsetY = ch <= h ? (h - ch) / 2 : Math.min(0, Math.max(h - ch, offsetY));
    }

    // --- input ----------------------------------------------------------------------------

    private void pressed(MouseEvent e) {
        pressX = e.getX();
        pressY = e.getY();
        pressOffsetX = offsetX;
        pressOffsetY = offsetY;
        panning = false;
    }

    private void dragged(MouseEvent e) {
        double dx = e.getX() - pressX;
        double dy = e.getY() - pressY;
        if (!panning && Math.hypot(dx, dy) < TAP_SLOP) {
            return;
        }
        panning = true;
        offsetX = pressOffsetX + dx;
        offsetY = pressOffsetY + dy;
        clampOffsets();
        redraw();
    }

    private void released(MouseEvent e) {
        if (panning) {
            panning = false;
            return;
        }
        var seat = seatAtPixel(e.getX(), e.getY());
        if (seat.isEmpty()) {
            return;
        }
        double touchable = minSeatSize.getValue().doubleValue();
        if (forFingers && model.seatArea(seat.get()).width() * scale < touchable * 0.8) {
            // Seats smaller than a fingertip: the first tap zooms in on the spot, so the
            // customer does not pick a neighbour by mistake; the next tap chooses.
            zoomAround(touchScale(), e.getX(), e.getY());
            return;
        }
        viewModel.toggle(seat.get());
    }

    private void scrolled(ScrollEvent e) {
        // A finger dragging on a touch screen also sends scroll events; the mouse drag pans already.
        if (e.isDirect() || e.getDeltaY() == 0) {
            return;
        }
        zoomAround(scale * Math.pow(1.0025, e.getDeltaY()), e.getX(), e.getY());
        e.consume();
    }

    java.util.Optional<String> seatAtPixel(double x, double y) {
        return model.seatAt((x - offsetX) / scale, (y - offsetY) / scale);
    }

    // --- drawing --------------------------------------------------------------------------

    /** Draws everything; used when the viewport or palette changes. */
    void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(background.getValue());
        g.fillRect(0, 0, w, h);
        if (w <= 0 || h <= 0) {
            return;
        }
        drawScreen(g);
        drawRowLabels(g);
        drawEdgeLabels();
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        Font numbers = seatFont();
        g.setFont(numbers);
        for (SeatInfo s : model.seats()) {
            SeatMapModel.Area cell = model.cell(s.id());
            double x = offsetX + cell.x() * scale;
            double y = offsetY + cell.y() * scale;
            if (x > w || y > h || x + cell.width() * scale < 0 || y + scale < 0) {
                continue;
            }
            drawSeat(g, s);
        }
    }

    /** Redraws only these seats (and their sofa partners): clears their cells and paints them again. */
    private void redrawSeats(Set<String> ids) {
        if (canvas.getWidth() <= 0) {
            return;
        }
        Set<String> all = new HashSet<>();
        ids.forEach(id -> all.addAll(model.group(id)));
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(seatFont());
        for (String id : all) {
            SeatMapModel.Area cell = model.cell(id);
            g.setFill(background.getValue());
            g.fillRect(offsetX + cell.x() * scale, offsetY + cell.y() * scale, cell.width() * scale, cell.height() * scale);
            drawSeat(g, model.seat(id).orElseThrow());
        }
    }

    private Font seatFont() {
        return Font.font(null, FontWeight.BOLD, Math.max(9, Math.min(30, scale * 0.42)));
    }

    private void drawScreen(GraphicsContext g) {
        SeatMapModel.Area screen = model.screen();
        double x = offsetX + screen.x() * scale;
        double y = offsetY + screen.y() * scale;
        double sw = screen.width() * scale;
        double sh = Math.max(4, screen.height() * scale);
        g.setFill(screenColor.getValue());
        // Slightly curved, like the real thing: a wide shallow arc above a flat base.
        g.beginPath();
        g.moveTo(x, y + sh);
        g.quadraticCurveTo(x + sw / 2, y - sh * 0.8, x + sw, y + sh);
        g.lineTo(x + sw, y + sh * 1.4);
        g.quadraticCurveTo(x + sw / 2, y + sh * 0.1, x, y + sh * 1.4);
        g.closePath();
        g.fill();
        SeatMapModel.Area caption = model.screenCaption();
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font(null, FontWeight.BOLD, Math.max(16, Math.min(34, scale * 0.55))));
        g.fillText(viewModel.text().getString("seatmap.screen"), offsetX + caption.centerX() * scale,
                offsetY + caption.centerY() * scale);
    }

    /** Where a row's own label is out of view, its letter on a small plate at that edge of the view. */
    private void drawEdgeLabels() {
        GraphicsContext g = edgeLabels.getGraphicsContext2D();
        double w = edgeLabels.getWidth();
        double h = edgeLabels.getHeight();
        g.clearRect(0, 0, w, h);
        double size = Math.max(14, Math.min(26, scale * 0.45));
        g.setFont(Font.font(null, FontWeight.BOLD, size));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        double plate = size * 1.6;
        for (SeatMapModel.RowLabel r : model.rowLabels()) {
            double y = offsetY + r.left().centerY() * scale;
            if (y < 0 || y > h) continue;
            boolean leftHidden = offsetX + r.left().centerX() * scale < plate / 2;
            boolean rightHidden = offsetX + r.right().centerX() * scale > w - plate / 2;
            if (leftHidden) plate(g, r.label(), plate / 2 + 2, y, plate);
            if (rightHidden) plate(g, r.label(), w - plate / 2 - 2, y, plate);
        }
    }

    private void plate(GraphicsContext g, String label, double x, double y, double size) {
        g.setFill(background.getValue().deriveColor(0, 1, 1, 0.88));
        g.fillRoundRect(x - size / 2, y - size / 2, size, size, 8, 8);
        g.setFill(rowLabel.getValue());
        g.fillText(label, x, y);
    }

    private void drawRowLabels(GraphicsContext g) {
        g.setFill(rowLabel.getValue());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font(null, FontWeight.BOLD, Math.max(12, Math.min(30, scale * 0.55))));
        for (SeatMapModel.RowLabel r : model.rowLabels()) {
            for (SeatMapModel.Area a : List.of(r.left(), r.right())) {
                g.fillText(r.label(), offsetX + a.centerX() * scale, offsetY + a.centerY() * scale);
            }
        }
    }

    private void drawSeat(GraphicsContext g, SeatInfo s) {
        SeatMapModel.Area a = model.seatArea(s.id());
        double x = offsetX + a.x() * scale;
        double y = offsetY + a.y() * scale;
        double w = a.width() * scale;
        double h = a.height() * scale;
        SeatStatus status = model.status(s.id());
        boolean chosen = model.isSelected(s.id());
        Color fill = chosen ? selected.getValue() : switch (status) {
            case FREE -> categoryColor(s.category());
            case HELD -> held.getValue();
            case SOLD -> sold.getValue();
            case BLOCKED -> blocked.getValue();
        };
        g.setFill(fill);
        if (scale < 20) {
            // Rounded corners do not show at this size and cost most of a full redraw of a big hall.
            g.fillRect(x, y, w, h);
        } else {
            double arc = Math.min(w, h) * 0.35;
            g.fillRoundRect(x, y, w, h, arc, arc);
        }
        Color mark = chosen ? selectedInk.getValue() : status == SeatStatus.FREE ? ink.getValue() : unavailableInk.getValue();
        double size = Math.min(w, h);
        g.setStroke(mark);
        g.setFill(mark);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineWidth(Math.max(1.5, size * 0.09));
        double cx = x + w / 2;
        double cy = y + h / 2;
        double r = size * 0.22;
        if (!chosen && status != SeatStatus.FREE) {
            // Taken seats carry a shape too, so the map does not depend on colour alone.
            switch (status) {
                case SOLD -> {
                    g.strokeLine(cx - r, cy - r, cx + r, cy + r);
                    g.strokeLine(cx - r, cy + r, cx + r, cy - r);
                }
                case HELD -> g.fillOval(cx - r * 0.55, cy - r * 0.55, r * 1.1, r * 1.1);
                case BLOCKED -> g.strokeLine(cx - r, cy, cx + r, cy);
                default -> { }
            }
            return;
        }
        if (chosen && size < 22) {
            return;
        }
        switch (s.category()) {
            case WHEELCHAIR -> drawWheelchair(g, cx, cy, size);
            case COMPANION -> {
                if (size >= 14) {
                    g.fillText(viewModel.text().getString("seatmap.companion.mark"), cx, cy);
                }
            }
            default -> {
                if (size >= 22) {
                    g.fillText(Integer.toString(s.number()), cx, cy);
                }
            }
        }
    }

    /** The international symbol of access, reduced to strokes: head, back and seat, wheel. */
    private static void drawWheelchair(GraphicsContext g, double cx, double cy, double size) {
        double u = size * 0.11;
        double lw = Math.max(1.5, size * 0.07);
        g.setLineWidth(lw);
        g.fillOval(cx - 1.2 * u - u * 0.7, cy - 3.3 * u, u * 1.4, u * 1.4);
        g.strokeLine(cx - 1.2 * u, cy - 1.6 * u, cx - 1.2 * u, cy + 0.4 * u);
        g.strokeLine(cx - 1.2 * u, cy + 0.4 * u, cx + 1.2 * u, cy + 0.4 * u);
        g.strokeLine(cx + 1.2 * u, cy + 0.4 * u, cx + 2.2 * u, cy + 2.4 * u);
        g.strokeArc(cx - 3.0 * u, cy - 1.0 * u, 3.6 * u, 3.6 * u, 120, 250, javafx.scene.shape.ArcType.OPEN);
    }

    private Color categoryColor(SeatCategory c) {
        return switch (c) {
            case STANDARD -> standard.getValue();
            case PREMIUM -> premium.getValue();
            case WHEELCHAIR -> wheelchair.getValue();
            case COMPANION -> companion.getValue();
            case COUPLE -> couple.getValue();
        };
    }

    // --- for tests ------------------------------------------------------------------------

    /** The seat's drawn rectangle in this view's coordinates. */
    public Bounds seatBounds(String id) {
        SeatMapModel.Area a = model.seatArea(id);
        return new BoundingBox(offsetX + a.x() * scale, offsetY + a.y() * scale, a.width() * scale, a.height() * scale);
    }

    /** Pixels per seat unit at the moment. */
    double scale() {
        return scale;
    }

    void zoomIn() {
        zoomBy(1.5);
    }

    // --- CSS ------------------------------------------------------------------------------

    private static Button zoomButton(String label, String help) {
        Button b = new Button(label);
        b.setAccessibleText(help);
        b.setFocusTraversable(false);
        return b;
    }

    private StyleableProperty<Color> color(String cssName, java.util.function.Function<SeatMapView, StyleableProperty<Color>> get) {
        // Grey until the stylesheet applies: a missing colour is visible, never a crash.
        return CSS.createStyleableColorProperty(this, cssName.substring(1), cssName, get, Color.GRAY);
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }
}
