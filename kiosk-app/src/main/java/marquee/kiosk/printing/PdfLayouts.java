package marquee.kiosk.printing;

import com.google.zxing.common.BitMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Tickets and receipts as PDF (PDFBox). The QR code is drawn as vector squares, so it stays
 * sharp at any printer resolution and scans from a print of the file.
 */
public final class PdfLayouts {
    private static final float MM = 72f / 25.4f;
    private static final float THERMAL_WIDTH = 80 * MM;
    private static final float TICKET_HEIGHT = 150 * MM;
    private static final float MARGIN = 4 * MM;
    /** 40 mm: scanners at the door read it from arm's length, and it fits 80 mm paper with margins. */
    private static final float QR_SIZE = 40 * MM;
    private static final int A4_COLUMNS = 2;
    private static final int A4_ROWS = 3;

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    public byte[] tickets(List<PrintedTicket> tickets, PaperFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTickets(tickets, format, out);
        return out.toByteArray();
    }

    public void writeTickets(List<PrintedTicket> tickets, PaperFormat format, OutputStream out) {
        if (tickets.isEmpty()) throw new IllegalArgumentException("No tickets to print");
        try (PDDocument document = new PDDocument()) {
            if (format == PaperFormat.THERMAL_80MM) {
                for (PrintedTicket ticket : tickets) {
                    PDPage page = new PDPage(new PDRectangle(THERMAL_WIDTH, TICKET_HEIGHT));
                    document.addPage(page);
                    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                        drawTicket(content, ticket, 0, TICKET_HEIGHT, THERMAL_WIDTH, TICKET_HEIGHT);
                    }
                }
            } else {
                PDRectangle a4 = PDRectangle.A4;
                float cellWidth = a4.getWidth() / A4_COLUMNS;
                float cellHeight = a4.getHeight() / A4_ROWS;
                int perPage = A4_COLUMNS * A4_ROWS;
                for (int first = 0; first < tickets.size(); first += perPage) {
                    PDPage page = new PDPage(a4);
                    document.addPage(page);
                    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                        for (int i = first; i < Math.min(tickets.size(), first + perPage); i++) {
                            int cell = i - first;
                            float x = (cell % A4_COLUMNS) * cellWidth;
                            float top = a4.getHeight() - (cell / A4_COLUMNS) * cellHeight;
                            cutMarks(content, x, top, cellWidth, cellHeight);
                            drawTicket(content, tickets.get(i), x, top, cellWidth, cellHeight);
                        }
                    }
                }
            }
            document.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] receipt(Receipt receipt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeReceipt(receipt, out);
        return out.toByteArray();
    }

    /** A receipt on a strip of 80 mm paper as long as its lines need. */
    public void writeReceipt(Receipt receipt, OutputStream out) {
        PrintText text = PrintText.of(receipt.locale());
        List<String[]> rows = new ArrayList<>();
        for (Receipt.Line line : receipt.lines()) rows.add(new String[] {line.description(), line.amount().format(receipt.locale())});
        if (receipt.bookingFee() != null && receipt.bookingFee().amountMinor() != 0) {
            rows.add(new String[] {text.text("receipt.fee"), receipt.bookingFee().format(receipt.locale())});
        }
        float lineHeight = 12;
        float height = MARGIN * 2 + 110 + rows.size() * lineHeight * 2 + 110;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(THERMAL_WIDTH, height));
            document.addPage(page);
            float width = THERMAL_WIDTH - 2 * MARGIN;
            try (PDPageContentStream c = new PDPageContentStream(document, page)) {
                float y = height - MARGIN - 12;
                y = centred(c, bold, 12, receipt.cinemaName(), 0, THERMAL_WIDTH, y);
                y = centred(c, bold, 11, text.text(receipt.paymentMethod() == Receipt.PaymentMethod.CASH_REFUND
                        ? "refund.title" : "receipt.title"), 0, THERMAL_WIDTH, y - 4);
                if (receipt.duplicate()) y = centred(c, bold, 14, text.duplicate(), 0, THERMAL_WIDTH, y - 4);
                y = left(c, regular, 9, text.soldAt(receipt), MARGIN, y - 4);
                y = left(c, regular, 9, text.code(receipt), MARGIN, y);
                y -= 6;
                for (String[] row : rows) {
                    for (String part : wrap(row[0], regular, 9, width - 60)) y = left(c, regular, 9, part, MARGIN, y);
                    right(c, regular, 9, row[1], THERMAL_WIDTH - MARGIN, y + lineHeight);
                }
                y -= 4;
                c.moveTo(MARGIN, y + 8);
                c.lineTo(THERMAL_WIDTH - MARGIN, y + 8);
                c.stroke();
                left(c, bold, 11, text.text("receipt.total"), MARGIN, y);
                y = right(c, bold, 11, receipt.total().format(receipt.locale()), THERMAL_WIDTH - MARGIN, y);
                y = left(c, regular, 9, text.paidBy(receipt), MARGIN, y - 4);
                if (receipt.paymentMethod() == Receipt.PaymentMethod.CASH) {
                    left(c, regular, 9, text.text("receipt.tendered"), MARGIN, y);
                    y = right(c, regular, 9, receipt.cashTendered().format(receipt.locale()), THERMAL_WIDTH - MARGIN, y);
                    left(c, bold, 10, text.text("receipt.change"), MARGIN, y);
                    right(c, bold, 10, receipt.changeDue().format(receipt.locale()), THERMAL_WIDTH - MARGIN, y);
                }
                if (receipt.paymentMethod() == Receipt.PaymentMethod.CASH_REFUND) {
                    y = left(c, regular, 9, text.text("refund.signature"), MARGIN, y - 24);
                }
            }
            document.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One ticket inside the box whose top-left corner is (x, top). */
    private void drawTicket(PDPageContentStream c, PrintedTicket t, float x, float top, float width, float height)
            throws IOException {
        PrintText text = PrintText.of(t.locale());
        float inner = width - 2 * MARGIN;
        float y = top - MARGIN - 10;
        y = centred(c, regular, 9, t.cinemaName(), x, width, y);
        if (t.duplicate()) {
            // A black band with white letters: impossible to overlook at the door or at the till.
            float band = 18;
            c.setNonStrokingColor(0f);
            c.addRect(x + MARGIN, y - 5, inner, band);
            c.fill();
            c.setNonStrokingColor(1f);
            centred(c, bold, 13, text.duplicate(), x, width, y);
            c.setNonStrokingColor(0f);
            y -= band + 2;
        }
        for (String part : wrap(t.filmTitle(), bold, 14, inner)) y = centred(c, bold, 14, part, x, width, y - 2);
        y = centred(c, regular, 10, text.when(t), x, width, y - 2);
        y = centred(c, regular, 10, text.hall(t), x, width, y);
        y = centred(c, bold, 14, text.seat(t), x, width, y - 2);
        y = centred(c, regular, 9, text.kind(t), x, width, y);
        y = centred(c, regular, 10, text.price(t), x, width, y);
        float qr = Math.min(QR_SIZE, Math.min(inner, y - (top - height) - MARGIN - 24));
        drawQr(c, t.qrPayload(), x + (width - qr) / 2, y - 4, qr);
        y -= qr + 8 + 12;
        y = centred(c, bold, 11, text.code(t), x, width, y);
        if (t.duplicate()) centred(c, regular, 6, text.text("ticket.reprintNote"), x, width, y);
    }

    /** The code's dark modules, one rectangle per horizontal run (fewer seams when rasterised). */
    private static void drawQr(PDPageContentStream c, String payload, float x, float top, float size) throws IOException {
        BitMatrix modules = QrImages.modules(payload);
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

    private static void cutMarks(PDPageContentStream c, float x, float top, float width, float height) throws IOException {
        c.setLineDashPattern(new float[] {3, 3}, 0);
        c.setLineWidth(0.3f);
        c.addRect(x + 2, top - height + 2, width - 4, height - 4);
        c.stroke();
        c.setLineDashPattern(new float[] {}, 0);
        c.setLineWidth(1);
    }

    private float centred(PDPageContentStream c, PDType1Font font, float size, String s, float x, float width, float y)
            throws IOException {
        String safe = printable(font, s);
        float w = font.getStringWidth(safe) / 1000 * size;
        show(c, font, size, safe, x + (width - w) / 2, y);
        return y - size * 1.25f;
    }

    private static float left(PDPageContentStream c, PDType1Font font, float size, String s, float x, float y) throws IOException {
        show(c, font, size, printable(font, s), x, y);
        return y - size * 1.3f;
    }

    private static float right(PDPageContentStream c, PDType1Font font, float size, String s, float rightX, float y)
            throws IOException {
        String safe = printable(font, s);
        show(c, font, size, safe, rightX - font.getStringWidth(safe) / 1000 * size, y);
        return y - size * 1.3f;
    }

    private static void show(PDPageContentStream c, PDType1Font font, float size, String s, float x, float y) throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(s);
        c.endText();
    }

    private static List<String> wrap(String s, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : printable(font, s).split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && font.getStringWidth(candidate) / 1000 * size > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }

    /**
     * The standard fonts know WinAnsi only; a film title in another script prints with '?' rather
     * than failing the job. The no-break spaces of formatted amounts ("12,50 €") print as spaces.
     */
    public static String printable(PDType1Font font, String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp == 0x202F || cp == 0x00A0 ? ' ' : cp));
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }
}
