package marquee.kiosk.printing;

import static marquee.kiosk.printing.SampleTickets.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import marquee.kiosk.model.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ESC/POS over a real TCP socket: a local ServerSocket stands in for the printer's port 9100. */
class EscPosPrinterTest {
    private static final byte[] CUT = {0x1D, 'V', 66, 3};
    private static final byte[] QR_PRINT = {0x1D, '(', 'k', 3, 0, '1', 'Q', '0'};

    @Test
    void ticketsArriveAsTextQrBlocksAndOneCutEach() throws Exception {
        try (ServerSocket printer = new ServerSocket(0)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readJob(printer));
            EscPosPrinter escPos = EscPosPrinter.tcp("localhost", printer.getLocalPort());
            PrintJob job = escPos.print(List.of(ticket(12, false, Locale.ENGLISH), ticket(13, true, Locale.GERMAN)));
            byte[] bytes = received.get(10, TimeUnit.SECONDS);

            assertThat(job.items()).isEqualTo(2);
            assertThat(startsWith(bytes, new byte[] {0x1B, '@', 0x1B, 't', 16})).as("init + code page 1252").isTrue();
            String text = new String(bytes, EscPos.CODE_PAGE);
            assertThat(text).contains("Dune: Part Two\n", "Row F   Seat 12\n", "Booking code: ABC7XK\n", "Riverside Cinema\n",
                    "Reihe F   Platz 13\n", " DUPLIKAT \n").doesNotContain("DUPLICATE");
            assertThat(count(bytes, CUT)).isEqualTo(2);
            assertThat(count(bytes, QR_PRINT)).isEqualTo(2);
            for (int seat : new int[] {12, 13}) {
                byte[] data = SampleTickets.payload(seat).getBytes(StandardCharsets.US_ASCII);
                int length = data.length + 3;
                byte[] store = concat(new byte[] {0x1D, '(', 'k', (byte) (length & 0xFF), (byte) (length >> 8), '1', 'P', '0'}, data);
                assertThat(indexOf(bytes, store, 0)).as("QR store block of seat %d with its length", seat).isPositive();
            }
            // The QR of ticket 12 is stored, printed, then its paper cut — before ticket 13 starts.
            int firstCut = indexOf(bytes, CUT, 0);
            assertThat(indexOf(bytes, QR_PRINT, 0)).isLessThan(firstCut);
            assertThat(new String(bytes, 0, firstCut, EscPos.CODE_PAGE)).contains("Seat 12").doesNotContain("Platz 13");
        }
    }

    @Test
    void receiptHasAlignedAmountsChangeAndACut() throws Exception {
        try (ServerSocket printer = new ServerSocket(0)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readJob(printer));
            Receipt receipt = Receipt.cash("Riverside Cinema", "ABC7XK", Instant.now(), ZoneId.of("Europe/Berlin"),
                    List.of(new Receipt.Line("Dune F12 Adult", new Money(1250, "EUR"))), new Money(100, "EUR"),
                    new Money(1350, "EUR"), new Money(2000, "EUR"), Locale.GERMAN);
            EscPosPrinter.tcp("localhost", printer.getLocalPort()).print(receipt);
            byte[] bytes = received.get(10, TimeUnit.SECONDS);
            String text = new String(bytes, EscPos.CODE_PAGE);
            assertThat(text).contains("Quittung", "Bezahlt mit: Bar", "Rückgeld").contains("€");
            String changeLine = text.lines().filter(l -> l.contains("Rückgeld")).findFirst().orElseThrow()
                    .replace("\u001BE\u0001", "").replace('\u00A0', ' ');
            assertThat(changeLine).hasSize(EscPos.LINE_WIDTH).endsWith("6,50 €");
            assertThat(count(bytes, CUT)).isEqualTo(1);
        }
    }

    @Test
    void statusReadsTheRealTimeStatusBytes() throws Exception {
        // Paper roll sensor (n=4) reports "paper end" (bits 5,6); offline cause (n=2) "stopped by paper end" (bit 5).
        assertThat(statusFrom(n -> switch (n) {
            case 2 -> 0x12 | 0x20;
            case 4 -> 0x12 | 0x60;
            default -> 0x12;
        })).isEqualTo(PrinterState.PAPER_OUT);
        assertThat(statusFrom(n -> 0x12)).isEqualTo(PrinterState.READY);
        assertThat(statusFrom(n -> n == 4 ? 0x12 | 0x0C : 0x12)).isEqualTo(PrinterState.PAPER_LOW);
        assertThat(statusFrom(n -> n == 2 ? 0x12 | 0x04 : n == 1 ? 0x12 | 0x08 : 0x12)).isEqualTo(PrinterState.COVER_OPEN);
        assertThat(statusFrom(n -> n == 3 ? 0x12 | 0x08 : 0x12)).as("auto-cutter error").isEqualTo(PrinterState.FAULT);
    }

    @Test
    void anUnreachablePrinterIsOfflineAndPrintingFailsClearly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EscPosPrinter printer = EscPosPrinter.tcp("localhost", closedPort);
        assertThat(printer.status().state()).isEqualTo(PrinterState.OFFLINE);
        assertThatThrownBy(() -> printer.print(List.of(ticket(1, false, Locale.ENGLISH))))
                .isInstanceOf(PrinterException.class).hasMessageContaining("escpos-tcp://localhost:" + closedPort);
    }

    @Test
    void aPrinterThatNeverAnswersStatusIsUnknownNotReady() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the kiosk hung up after its time-out: expected
                }
            });
            assertThat(EscPosPrinter.tcp("localhost", silent.getLocalPort()).status().state()).isEqualTo(PrinterState.UNKNOWN);
        }
    }

    @Test
    void deviceFilePrinterWritesTheSameBytes(@TempDir Path dir) throws Exception {
        Path lp0 = Files.createFile(dir.resolve("lp0"));
        EscPosPrinter printer = EscPosPrinter.device(lp0);
        assertThat(printer.status().state()).isEqualTo(PrinterState.UNKNOWN);
        printer.print(List.of(ticket(5, false, Locale.ENGLISH)));
        assertThat(Files.readAllBytes(lp0)).isEqualTo(EscPosLayouts.tickets(List.of(ticket(5, false, Locale.ENGLISH))));
        assertThat(EscPosPrinter.device(dir.resolve("lp9")).status().state()).isEqualTo(PrinterState.OFFLINE);
    }

    @Test
    void fallbackTakesTheJobWhenThePrimaryIsOutOfPaper(@TempDir Path dir) throws Exception {
        try (ServerSocket paperOut = new ServerSocket(0)) {
            // Three status queries: two below, one before the job.
            CompletableFuture<Void> fake = fakeStatusPrinter(paperOut, n -> n == 4 ? 0x12 | 0x60 : 0x12, 3);
            Printer printer = PrinterSettings.parse("escpos-tcp://localhost:" + paperOut.getLocalPort(), PaperFormat.THERMAL_80MM);
            FallbackPrinter withFallback = new FallbackPrinter(printer, new PdfFilePrinter(dir, PaperFormat.THERMAL_80MM));
            assertThat(withFallback.status().state()).isEqualTo(PrinterState.READY);
            assertThat(withFallback.status().printer()).startsWith("pdf:");
            PrintJob job = withFallback.print(List.of(ticket(9, false, Locale.ENGLISH)));
            assertThat(job.printer()).startsWith("pdf:");
            assertThat(job.file()).isPresent();
            fake.get(5, TimeUnit.SECONDS);
        }
    }

    private static PrinterState statusFrom(IntUnaryOperator answer) throws Exception {
        try (ServerSocket printer = new ServerSocket(0)) {
            CompletableFuture<Void> fake = fakeStatusPrinter(printer, answer, 1);
            PrinterState state = EscPosPrinter.tcp("localhost", printer.getLocalPort()).status().state();
            fake.get(5, TimeUnit.SECONDS);
            return state;
        }
    }

    /** Answers each DLE EOT n with answer(n), like the printer's real-time status; serves {@code connections} connections. */
    private static CompletableFuture<Void> fakeStatusPrinter(ServerSocket server, IntUnaryOperator answer, int connections) {
        return CompletableFuture.runAsync(() -> {
            for (int c = 0; c < connections; c++) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    while (true) {
                        int b = in.read();
                        if (b < 0) break;
                        if (b != 0x10) continue;
                        if (in.read() != 0x04) continue;
                        out.write(answer.applyAsInt(in.read()));
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    private static byte[] readJob(ServerSocket server) {
        try (Socket socket = server.accept()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return indexOf(bytes, prefix, 0) == 0;
    }

    private static int count(byte[] bytes, byte[] pattern) {
        int n = 0;
        for (int at = indexOf(bytes, pattern, 0); at >= 0; at = indexOf(bytes, pattern, at + 1)) n++;
        return n;
    }

    static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (bytes[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
