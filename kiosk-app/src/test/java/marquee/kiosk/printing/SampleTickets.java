package marquee.kiosk.printing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketType;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/** Tickets for printing tests, and reading printed PDFs back (text, and QR codes decoded with ZXing). */
public final class SampleTickets {
    private SampleTickets() {}

    /** About as long as the backend's signed payloads (~160 characters). */
    public static String payload(int seat) {
        return "MQ1.AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4_QEFC"
                + seat + ".c2lnbmF0dXJlLW9mLXRoZS1iYWNrZW5kLWVkMjU1MTktc2lnbmVkLXNlYXQ" + seat;
    }

    public static PrintedTicket ticket(int seat, boolean duplicate, Locale locale) {
        return new PrintedTicket("Riverside Cinema", "Dune: Part Two", "Hall 2", "F", seat, SeatCategory.PREMIUM,
                TicketType.ADULT, Instant.parse("2026-11-25T19:30:00Z"), ZoneId.of("Europe/Berlin"),
                new Money(1250, "EUR"), "ABC7XK", payload(seat), duplicate, locale);
    }

    public static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Path pdf) {
        try {
            return text(Files.readAllBytes(pdf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int pages(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders each page at 300 dpi (a scanner's view of the paper) and decodes every QR code on it. */
    public static List<String> qrCodes(byte[] pdf) {
        List<String> found = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            for (int page = 0; page < document.getNumberOfPages(); page++) {
                BufferedImage image = renderer.renderImageWithDPI(page, 300, ImageType.RGB);
                found.addAll(decode(image));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static List<String> decode(BufferedImage image) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        try {
            Result[] results = new QRCodeMultiReader().decodeMultiple(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            return Arrays.stream(results).map(Result::getText).toList();
        } catch (NotFoundException e) {
            return List.of();
        }
    }
}
