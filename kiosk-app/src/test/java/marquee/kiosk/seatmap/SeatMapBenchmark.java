package marquee.kiosk.seatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Seat-map figures for docs/benchmarks.md, in the software pipeline (prism.order=sw, as in CI):
 * first render of a hall and the redraw after one live seat event, at 1,000 and 5,000 seats.
 * Run with {@code mvn -pl kiosk-app -am verify -Pbench -Dtest=SeatMapBenchmark}; it prints figures
 * and asserts only that what it measured really happened.
 */
@Tag("benchmark")
class SeatMapBenchmark {
    private static final int ROUNDS = 15;
    private static final int UPDATES = 300;

    @Test
    void firstRenderAndLiveUpdateAt1000And5000Seats() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", Locale.ENGLISH);
        for (HallLayout hall : List.of(grid(25, 40), Halls.hall5000())) {
            double[] layout = new double[ROUNDS];
            double[] raster = new double[ROUNDS];
            SeatMapViewModel[] last = new SeatMapViewModel[1];
            Scene[] scene = new Scene[1];
            for (int round = 0; round < ROUNDS + 8; round++) {
                int r = round - 8;
                long start = System.nanoTime();
                long laidOut = fx(() -> {
                    SeatMapViewModel model = new SeatMapViewModel(hall, 10, text);
                    SeatMapView view = new SeatMapView(model);
                    StackPane root = new StackPane(view);
                    scene[0] = new Scene(root, 1920, 1080);
                    stage.setScene(scene[0]);
                    root.applyCss();
                    root.layout();
                    last[0] = model;
                    return System.nanoTime();
                });
                fx(() -> scene[0].snapshot(null));
                long rasterised = System.nanoTime();
                if (r >= 0) {
                    layout[r] = (laidOut - start) / 1e6;
                    raster[r] = (rasterised - start) / 1e6;
                }
            }
            SeatMapViewModel model = last[0];
            List<String> ids = model.model().seats().stream().map(SeatInfo::id).toList();
            double[] update = new double[UPDATES];
            double[] updateFrame = new double[UPDATES / 10];
            for (int i = 0; i < UPDATES; i++) {
                String seat = ids.get((i * 7919) % ids.size());
                SeatStatus status = i % 2 == 0 ? SeatStatus.SOLD : SeatStatus.HELD;
                long t = fx(() -> {
                    long s = System.nanoTime();
                    model.applyChange(seat, status);
                    return System.nanoTime() - s;
                });
                update[i] = t / 1e6;
                if (i % 10 == 0) {
                    long s = System.nanoTime();
                    fx(() -> {
                        model.applyChange(seat, SeatStatus.FREE);
                        return scene[0].snapshot(null);
                    });
                    updateFrame[i / 10] = (System.nanoTime() - s) / 1e6;
                }
            }
            assertThat(model.model().seats()).hasSize(hall.seats().size());
            System.out.printf(Locale.ROOT, "SEATMAP %5d seats | first render: layout+draw p50 %.1f ms, with rasterising p50 %.1f ms (max %.1f)"
                            + " | live update (one seat): redraw p50 %.2f ms p99 %.2f ms, update+full frame p50 %.1f ms%n",
                    hall.seats().size(), p(layout, 50), p(raster, 50), p(raster, 100), p(update, 50), p(update, 99), p(updateFrame, 50));
        }
        FxToolkit.cleanupStages();
    }

    static HallLayout grid(int rows, int perRow) {
        List<SeatInfo> seats = new ArrayList<>();
        List<RowInfo> rowInfos = new ArrayList<>();
        for (int y = 0; y < rows; y++) {
            String row = y < 26 ? String.valueOf((char) ('A' + y)) : "A" + (char) ('A' + y - 26);
            rowInfos.add(new RowInfo(row, y));
            for (int n = 1; n <= perRow; n++) {
                int x = n - 1 + (n > perRow / 2 ? 1 : 0);
                seats.add(SeatInfo.of(row, n, x, y, y < rows / 3 ? SeatCategory.STANDARD : SeatCategory.PREMIUM));
            }
        }
        return new HallLayout(perRow + 1, rows, rowInfos, seats);
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(60, TimeUnit.SECONDS);
    }

    private static double p(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
