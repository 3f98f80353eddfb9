package marquee.kiosk.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A rendered ticket QR code decodes back to exactly its payload. */
class QrImagesTest {
    /** The shape of a real ticket payload: compact text with a base64url Ed25519 signature. */
    static final String PAYLOAD = "MQ1.7f3c2a90-1d2e-4b5f-9a8b-0c1d2e3f4a5b.Q7XK2M.F12.1767812400."
            + "h2Jv0mT3nq8S1y4YcW5dA6sVbE7uKpL9xGzRfQ0iOjNwUHaBtIeXkMCZlDgo-_3r5s7v9x1z2A4C6E8G0I2K4M6O8Q";

    @BeforeAll
    static void startJavaFx() {
        try {
            Platform.startup(() -> {});
        } catch (IllegalStateException alreadyRunning) {
            // another test class started the toolkit in this JVM
        }
    }

    @Test
    void renderedCodeDecodesToThePayload() throws Exception {
        Image image = QrImages.render(PAYLOAD, 300);
        assertThat(image.getWidth()).isEqualTo(image.getHeight()).isBetween(150.0, 300.0);
        assertThat(decode(image)).isEqualTo(PAYLOAD);
    }

    @Test
    void emptyPayloadIsRefused() {
        assertThatThrownBy(() -> QrImages.render("", 200)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String decode(Image image) throws Exception {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
