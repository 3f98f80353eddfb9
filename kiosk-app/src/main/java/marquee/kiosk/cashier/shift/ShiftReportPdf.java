package marquee.kiosk.cashier.shift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import marquee.kiosk.printing.PdfLayouts;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** The end-of-shift report as an A4 PDF: the same lines the screen shows, for the safe bag and the office. */
final class ShiftReportPdf {
    private static final float MARGIN = 56;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    /** Writes {@code file} (its directory is created) and returns it. */
    Path write(Path file, String title, List<String> header, List<ShiftViewModel.ReportLine> lines) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            float width = PDRectangle.A4.getWidth();
            try (PDPageContentStream c = new PDPageContentStream(document, page)) {
                float y = PDRectangle.A4.getHeight() - MARGIN;
                y = text(c, bold, 20, title, MARGIN, y) - 6;
                for (String h : header) y = text(c, regular, 11, h, MARGIN, y);
                y -= 10;
                for (ShiftViewModel.ReportLine line : lines) {
                    PDType1Font font = line.emphasis() ? bold : regular;
                    text(c, font, 12, line.label(), MARGIN, y);
                    if (!line.count().isEmpty()) text(c, font, 12, line.count(), width / 2 + 20, y);
                    String value = PdfLayouts.printable(font, line.value());
                    y = text(c, font, 12, value, width - MARGIN - font.getStringWidth(value) / 1000 * 12, y) - 2;
                }
            }
            Files.createDirectories(file.getParent());
            document.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float text(PDPageContentStream c, PDType1Font font, float size, String s, float x, float y) throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(PdfLayouts.printable(font, s));
        c.endText();
        return y - size * 1.4f;
    }
}
