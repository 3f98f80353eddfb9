package marquee.kiosk.printing;

import static marquee.kiosk.printing.SampleTickets.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import marquee.kiosk.model.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfLayoutsTest {
    private final PdfLayouts layouts = new PdfLayouts();

    @Test
    void thermalTicketsOnePerPageWithTheirTextAndAScannableQr() {
        byte[] pdf = layouts.tickets(List.of(ticket(12, false, Locale.ENGLISH), ticket(13, false, Locale.ENGLISH)),
                PaperFormat.THERMAL_80MM);
        assertThat(SampleTickets.pages(pdf)).isEqualTo(2);
        String text = SampleTickets.text(pdf);
        assertThat(text).contains("Dune: Part Two", "Hall: Hall 2", "Row F", "Seat 12", "Seat 13", "Booking code: ABC7XK",
                "Riverside Cinema", "Premium - Adult")
                .doesNotContain("DUPLICATE");
        // 19:30 UTC is 20:30 in Berlin: the cinema's clock, not the kiosk's.
        assertThat(text).contains("20:30");
        assertThat(SampleTickets.qrCodes(pdf)).containsExactly(SampleTickets.payload(12), SampleTickets.payload(13));
    }

    @Test
    void aReprintSaysDuplicateInItsLanguage() {
        String english = SampleTickets.text(layouts.tickets(List.of(ticket(7, true, Locale.ENGLISH)), PaperFormat.THERMAL_80MM));
        assertThat(english).contains("DUPLICATE", "Seat 7");
        byte[] germanPdf = layouts.tickets(List.of(ticket(7, true, Locale.GERMAN)), PaperFormat.THERMAL_80MM);
        assertThat(SampleTickets.text(germanPdf)).contains("DUPLIKAT", "Reihe F", "Platz 7", "Buchungscode: ABC7XK", "12,50");
        assertThat(SampleTickets.qrCodes(germanPdf)).containsExactly(SampleTickets.payload(7));
    }

    @Test
    void a4PutsSixTicketsOnAPageAndEveryCodeScans() {
        List<PrintedTicket> tickets = java.util.stream.IntStream.rangeClosed(1, 7)
                .mapToObj(seat -> ticket(seat, false, Locale.ENGLISH)).toList();
        byte[] pdf = layouts.tickets(tickets, PaperFormat.A4);
        assertThat(SampleTickets.pages(pdf)).isEqualTo(2);
        assertThat(SampleTickets.qrCodes(pdf)).containsExactlyInAnyOrderElementsOf(
                tickets.stream().map(PrintedTicket::qrPayload).toList());
    }

    @Test
    void cashReceiptShowsTotalTenderedAndChange() {
        Receipt receipt = Receipt.cash("Riverside Cinema", "ABC7XK", Instant.parse("2026-11-25T18:00:00Z"), ZoneId.of("Europe/Berlin"),
                List.of(new Receipt.Line("Dune: Part Two F12 Adult", new Money(1250, "EUR")),
                        new Receipt.Line("Dune: Part Two F13 Child", new Money(850, "EUR"))),
                new Money(100, "EUR"), new Money(2200, "EUR"), new Money(3000, "EUR"), Locale.ENGLISH);
        String text = SampleTickets.text(layouts.receipt(receipt));
        assertThat(text).contains("Receipt", "ABC7XK", "F12 Adult", "Booking fee", "Total", "22.00", "Paid by: Cash",
                "Cash tendered", "30.00", "Change", "8.00");
    }

    @Test
    void aCashRefundPrintsASlipWithTheAmountPaidOutAndASignatureLine() {
        Receipt slip = Receipt.cashRefund("Riverside Cinema", "ABC7XK", Instant.parse("2026-11-25T18:00:00Z"), ZoneId.of("Europe/Berlin"),
                "Refund, booking ABC7XK: customer unwell", new Money(5075, "EUR"), Locale.ENGLISH);
        String text = SampleTickets.text(layouts.receipt(slip));
        assertThat(text).contains("Refund slip", "ABC7XK", "customer unwell", "-€50.75", "cash paid back", "Received by the customer")
                .doesNotContain("Cash tendered");
        String escPos = new String(EscPosLayouts.receipt(slip), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(escPos).contains("Refund slip").contains("Received by the customer");
    }

    @Test
    void cardReceiptHasNoCashLinesAndNoCardNumber() {
        Receipt receipt = Receipt.card("Riverside Cinema", "ABC7XK", Instant.now(), ZoneId.of("Europe/Berlin"),
                List.of(new Receipt.Line("Seat F12", new Money(1250, "EUR"))), new Money(0, "EUR"), new Money(1250, "EUR"),
                Locale.GERMAN);
        String text = SampleTickets.text(layouts.receipt(receipt));
        assertThat(text).contains("Quittung", "Bezahlt mit: Karte", "Summe").doesNotContain("Rückgeld", "Booking fee");
    }

    @Test
    void aRevokedTicketCannotEvenBeBuilt() {
        assertThatThrownBy(() -> new PrintedTicket("c", "f", "h", "A", 1, null, null, Instant.now(), ZoneId.of("UTC"),
                new Money(1, "EUR"), "X", "", false, Locale.ENGLISH)).hasMessageContaining("no QR code");
    }

    @Test
    void pdfPrinterWritesCompleteFilesIntoItsDirectory(@TempDir Path dir) throws Exception {
        PdfFilePrinter printer = new PdfFilePrinter(dir.resolve("prints"), PaperFormat.THERMAL_80MM);
        assertThat(printer.status().state()).isEqualTo(PrinterState.READY);
        PrintJob job = printer.print(List.of(ticket(3, false, Locale.ENGLISH)));
        Path file = job.file().orElseThrow();
        assertThat(file.getParent()).isEqualTo(dir.resolve("prints"));
        assertThat(file.getFileName().toString()).startsWith("tickets-ABC7XK-").endsWith(".pdf");
        try (var listing = Files.list(dir.resolve("prints"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
        assertThat(SampleTickets.qrCodes(Files.readAllBytes(file))).containsExactly(SampleTickets.payload(3));
    }

    @Test
    void pdfPrinterInAnUnwritablePlaceReportsAFault(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        PdfFilePrinter printer = new PdfFilePrinter(notADirectory.resolve("prints"), PaperFormat.A4);
        assertThat(printer.status().state()).isEqualTo(PrinterState.FAULT);
        assertThatThrownBy(() -> printer.print(List.of(ticket(3, false, Locale.ENGLISH)))).isInstanceOf(PrinterException.class);
    }
}
