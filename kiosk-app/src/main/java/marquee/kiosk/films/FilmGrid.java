package marquee.kiosk.films;

import java.util.List;
import java.util.function.BiFunction;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import marquee.kiosk.model.FilmInfo;

/**
 * The films as tiles in as many equal columns as fit the width, edge to edge: no gap on the right
 * of a wide kiosk, no tiles squeezed on a narrow one. The tiles are made again (with posters of
 * the new size) when the width changes.
 */
final class FilmGrid extends Region {
    private static final double MIN_TILE = 230;
    private static final double GAP = 24;
    private final BiFunction<FilmInfo, Double, Node> tile;
    private List<FilmInfo> films = List.of();
    private double tileWidth = -1;

    FilmGrid(BiFunction<FilmInfo, Double, Node> tile) {
        this.tile = tile;
        getStyleClass().add("film-grid");
    }

    void setFilms(List<FilmInfo> films) {
        this.films = List.copyOf(films);
        tileWidth = -1;
        requestLayout();
    }

    int columns(double width) {
        double inner = width - snappedLeftInset() - snappedRightInset();
        return Math.max(1, (int) Math.floor((inner + GAP) / (MIN_TILE + GAP)));
    }

    private double tileWidth(double width) {
        double inner = width - snappedLeftInset() - snappedRightInset();
        int columns = columns(width);
        return Math.floor((inner - GAP * (columns - 1)) / columns);
    }

    private void rebuild(double width) {
        double w = tileWidth(width);
        if (Math.abs(w - tileWidth) < 1 && getChildren().size() == films.size()) return;
        tileWidth = w;
        getChildren().setAll(films.stream().map(film -> tile.apply(film, w)).toList());
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : getWidth() > 0 ? getWidth() : 1280;
        rebuild(w);
        int columns = columns(w);
        double total = snappedTopInset() + snappedBottomInset();
        for (int start = 0; start < getChildren().size(); start += columns) {
            double row = 0;
            for (int i = start; i < Math.min(getChildren().size(), start + columns); i++) {
                row = Math.max(row, getChildren().get(i).prefHeight(tileWidth));
            }
            total += row + (start + columns < getChildren().size() ? GAP : 0);
        }
        return total;
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + snappedRightInset() + 3 * MIN_TILE + 2 * GAP;
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + snappedRightInset() + MIN_TILE;
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected void layoutChildren() {
        rebuild(getWidth());
        int columns = columns(getWidth());
        double y = snappedTopInset();
        for (int start = 0; start < getChildren().size(); start += columns) {
            double row = 0;
            int end = Math.min(getChildren().size(), start + columns);
            for (int i = start; i < end; i++) row = Math.max(row, getChildren().get(i).prefHeight(tileWidth));
            double x = snappedLeftInset();
            for (int i = start; i < end; i++) {
                getChildren().get(i).resizeRelocate(x, y, tileWidth, row);
                x += tileWidth + GAP;
            }
            y += row + GAP;
        }
    }
}
