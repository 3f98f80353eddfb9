package marquee.kiosk.pickup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.printing.PaperFormat;
import marquee.kiosk.printing.PdfFilePrinter;
import marquee.kiosk.printing.SampleTickets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend runs in a JVM of its own and is really stopped: the kiosk picks up a booking from
 * its SQLite cache, prints the right seats, and sees the backend come back by itself.
 */
class OfflinePickupTest {
    private static final Duration BACKEND_START = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void pickupByCodeWorksWithTheBackendStoppedAndOnlineReturnsWhenItRestarts() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path backendData = dir.resolve("backend");
        ChildJvm first = ChildJvm.start(BackendProcess.class, dir.resolve("backend-1.log"), backendData.toString(), Integer.toString(port));
        ChildJvm second = null;
        try (GrpcBackendClient kiosk = new GrpcBackendClient("localhost:" + port);
             TicketCache cache = TicketCache.open(dir.resolve("kiosk-cache.db"))) {
            first.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
            kiosk.signIn("kiosk-riverside-1", "KioskDemo2026");
            CinemaInfo cinema = kiosk.cinema();
            CheckoutResult bought = Purchases.buy(kiosk, Purchases.upcoming(kiosk, cinema).get(0).id(), 3);
            String code = bought.booking().code();

            Connectivity connectivity = new Connectivity();
            List<Connectivity.State> seen = new CopyOnWriteArrayList<>();
            connectivity.addListener(seen::add);
            PickupService pickup = new PickupService(kiosk, cache, new PdfFilePrinter(dir.resolve("prints"), PaperFormat.THERMAL_80MM),
                    connectivity, cinema.name(), ZoneId.of(cinema.timeZone()), Locale.ENGLISH);
            try (Reconnector reconnector = new Reconnector(kiosk, cache, cinema.id(), connectivity, Duration.ofMillis(200),
                    Duration.ofSeconds(2), Duration.ofSeconds(1))) {
                reconnector.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> cache.ticketsByCode(code).size() == 3);

                first.stop(Duration.ofSeconds(60));
                assertThat(first.process().isAlive()).isFalse();

                PickupService.Result result = pickup.pickUp(code);
                assertThat(result.outcome()).isEqualTo(PickupService.Outcome.PRINTED);
                assertThat(result.fromCache()).isTrue();
                assertThat(pickup.online()).isFalse();
                assertThat(pickup.offlineSince()).isPresent();
                Path pdf = result.job().orElseThrow().file().orElseThrow();
                byte[] bytes = Files.readAllBytes(pdf);
                assertThat(SampleTickets.pages(bytes)).isEqualTo(3);
                String text = SampleTickets.text(bytes);
                for (TicketInfo t : bought.tickets()) assertThat(text).contains("Row " + t.row() + "   Seat " + t.number());
                assertThat(SampleTickets.qrCodes(bytes))
                        .containsExactlyInAnyOrderElementsOf(bought.tickets().stream().map(TicketInfo::qrPayload).toList());
                assertThat(text).as("the first print of a booking is the original").doesNotContain("DUPLICATE");
                assertThat(pickup.pickUp("NOPE42").outcome()).isEqualTo(PickupService.Outcome.NOT_FOUND);

                // A second pickup of the same booking offline: a counted DUPLICATE, as the backend would print it.
                PickupService.Result again = pickup.pickUp(code);
                assertThat(again.outcome()).isEqualTo(PickupService.Outcome.PRINTED);
                assertThat(again.fromCache()).isTrue();
                assertThat(again.printed()).allMatch(marquee.kiosk.printing.PrintedTicket::duplicate);
                assertThat(SampleTickets.text(again.job().orElseThrow().file().orElseThrow())).contains("DUPLICATE");
                assertThat(cache.ticketsByCode(code)).extracting(marquee.kiosk.model.TicketRecord::reprintCount).containsOnly(1);
                assertThat(cache.pendingPrints()).extracting(TicketCache.PendingPrint::duplicate).containsExactly(false, true);

                second = ChildJvm.start(BackendProcess.class, dir.resolve("backend-2.log"), backendData.toString(), Integer.toString(port));
                second.awaitLine(line -> line.startsWith(BackendProcess.READY), BACKEND_START);
                await().atMost(Duration.ofSeconds(60)).until(pickup::online);
                assertThat(pickup.offlineSince()).isEmpty();
                assertThat(seen).extracting(Connectivity.State::online).containsSubsequence(false, true);
                // Back online, the offline prints are counted by the backend once: the original, then one reprint.
                await().atMost(Duration.ofSeconds(30)).until(() -> cache.pendingPrints().isEmpty());
                assertThat(kiosk.ticketRecords(code)).extracting(marquee.kiosk.model.TicketRecord::reprintCount).containsOnly(1);

                PickupService.Result online = pickup.reprint(code);
                assertThat(online.outcome()).isEqualTo(PickupService.Outcome.PRINTED);
                assertThat(online.fromCache()).isFalse();
                assertThat(SampleTickets.text(online.job().orElseThrow().file().orElseThrow())).contains("DUPLICATE");
            }
        } finally {
            first.close();
            if (second != null) second.close();
        }
    }
}
