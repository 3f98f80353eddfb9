package marquee.kiosk;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves what a scene shows as a PNG under {@code target/screenshots} (or {@code marquee.screenshots.dir}),
 * so every screen of the flow can be looked at after a test run. No javafx-swing needed.
 */
public final class Screenshots {
    private Screenshots() {}

    public static Path directory() {
        return Path.of(System.getProperty("marquee.screenshots.dir", "target/screenshots"));
    }

    public static Path save(Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image;
        try {
            image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not take a snapshot of " + name, e);
        }
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) out.setRGB(x, y, pixels.getArgb(x, y));
        }
        try {
            Files.createDirectories(directory());
            Path file = directory().resolve(name + ".png");
            ImageIO.write(out, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
