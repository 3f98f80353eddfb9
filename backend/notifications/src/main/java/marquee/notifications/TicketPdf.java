package marquee.notifications;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import marquee.platform.grpc.ProtoTime;
import marquee.tickets.v1.Ticket;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The e-mailed tickets: one A6 page per ticket with film, time, hall, seat, price and the signed
 * QR code the door scans (drawn as vector squares, as the kiosk's PDF tickets are).
 */
final class TicketPdf {
    private static final float MM = 72f / 25.4f;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm");

    // The standard 14 fonts, once per process (PDFBox looks up a system font for each new instance).
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    private TicketPdf() {}

    static byte[] render(List<Ticket> tickets, ZoneId zone) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font bold = BOLD;
            PDType1Font regular = REGULAR;
            for (Ticket ticket : tickets) {
                PDPage page = new PDPage(PDRectangle.A6);
                document.addPage(page);
                float width = page.getMediaBox().getWidth();
                float top = page.getMediaBox().getHeight() - 10 * MM;
                try (PDPageContentStream c = new PDPageContentStream(document, page)) {
                    float y = line(c, bold, 14, ascii(ticket.getMovieTitle()), 10 * MM, top);
                    y = line(c, regular, 10, ascii(WHEN.format(ProtoTime.instant(ticket.getStartsAt()).atZone(zone))), 10 * MM, y);
                    y = line(c, regular, 10, ascii(ticket.getHallName() + " - row " + ticket.getRow() + ", seat " + ticket.getNumber()),
                            10 * MM, y);
                    y = line(c, regular, 10, ascii(ticket.getTicketType().name().toLowerCase(java.util.Locale.ROOT) + ", "
                            + money(ticket.getPrice().getAmountMinor()) + " " + ticket.getPrice().getCurrency()), 10 * MM, y);
                    float size = 60 * MM;
                    drawQr(c, ticket.getQrPayload(), (width - size) / 2, y - 4 * MM, size);
                    line(c, bold, 11, "Booking " + ticket.getBookingCode(), 10 * MM, y - size - 10 * MM);
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the tickets PDF", e);
        }
    }

    private static float line(PDPageContentStream c, PDType1Font font, float size, String text, float x, float y) throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(text);
        c.endText();
        return y - size * 1.5f;
    }

    /** The standard 14 fonts carry WinAnsi only; a title in another script is shown transliterated or as '?'. */
    private static String ascii(String text) {
        String plain = java.text.Normalizer.normalize(text == null ? "" : text, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        StringBuilder out = new StringBuilder();
        for (char ch : plain.toCharArray()) out.append(ch >= 32 && ch < 127 ? ch : '?');
        return out.toString();
    }

    static String money(long minor) {
        return java.math.BigDecimal.valueOf(minor, 2).toPlainString();
    }

    private static void drawQr(PDPageContentStream c, String payload, float x, float top, float size) throws IOException {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR payload does not fit a QR code", e);
        }
        int n = modules.getWidth();
        float module = size / n;
        c.setNonStrokingColor(0f);
        for (int row = 0; row < n; row++) {
            int col = 0;
            while (col < n) {
                if (!modules.get(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < n && modules.get(col, row)) col++;
                c.addRect(x + start * module, top - (row + 1) * module, (col - start) * module, module);
            }
        }
        c.fill();
    }
}
