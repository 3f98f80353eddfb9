package marquee.kiosk.printing;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** A ticket's signed QR payload as a black-on-white image, for the screen and for printing. */
public final class QrImages {
    /** Door scanners read worn or creased paper; medium correction keeps the code small enough for 80 mm paper. */
    private static final ErrorCorrectionLevel CORRECTION = ErrorCorrectionLevel.M;
    /** The quiet zone scanners need around the code, in modules. */
    private static final int QUIET_ZONE = 4;
    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    private QrImages() {}

    /** The QR code of {@code payload}, about {@code sizePx} pixels square (whole pixels per module, never blurred). */
    public static Image render(String payload, int sizePx) {
        BitMatrix modules = modules(payload);
        int scale = Math.max(1, sizePx / modules.getWidth());
        int size = modules.getWidth() * scale;
        int[] pixels = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = modules.get(x / scale, y / scale) ? BLACK : WHITE;
            }
        }
        WritableImage image = new WritableImage(size, size);
        image.getPixelWriter().setPixels(0, 0, size, size, PixelFormat.getIntArgbInstance(), pixels, 0, size);
        return image;
    }

    /** The code's modules (true = dark) with the quiet zone, one entry per module, for printers that draw dots. */
    public static BitMatrix modules(String payload) {
        if (payload == null || payload.isEmpty()) throw new IllegalArgumentException("Empty QR payload");
        try {
            return new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, CORRECTION, EncodeHintType.MARGIN, QUIET_ZONE,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode the ticket's QR payload", e);
        }
    }
}
