package marquee.kiosk.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.backend.GrpcBackendClient;
import marquee.kiosk.cache.TicketCache;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.VerificationResult;
import marquee.kiosk.printing.PaperFormat;
import marquee.kiosk.printing.PdfFilePrinter;
import marquee.kiosk.printing.SampleTickets;
import marquee.platform.auth.BearerToken;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printed tickets against the real backend (embedded PostgreSQL, gRPC over TCP): the QR read back
 * from the PDF admits once; a cancellation synced into the cache stops every later print.
 */
class PrintAndVerifyTest {
    @TempDir
    static Path dir;
    static EmbeddedTestBackend backend;
    static GrpcBackendClient kiosk;
    static CinemaInfo cinema;
    static List<ShowtimeInfo> showtimes;

    @BeforeAll
    static void start() {
        backend = EmbeddedTestBackend.start(dir.resolve("backend"));
        kiosk = new GrpcBackendClient("localhost:" + backend.runtime().port());
        kiosk.signIn("kiosk-riverside-1", "KioskDemo2026");
        cinema = kiosk.cinema();
        showtimes = Purchases.upcoming(kiosk, cinema);
    }

    @AfterAll
    static void stop() {
        if (kiosk != null) kiosk.close();
        if (backend != null) backend.close();
    }

    private PickupService pickup(BackendClient client, TicketCache cache, Path prints) {
        return new PickupService(client, cache, new PdfFilePrinter(prints, PaperFormat.THERMAL_80MM), new Connectivity(),
                cinema.name(), ZoneId.of(cinema.timeZone()), Locale.ENGLISH);
    }

    @Test
    void theQrOfAPrintedTicketIsAcceptedOnceThenReportedAsUsed() throws Exception {
        CheckoutResult bought = Purchases.buy(kiosk, showtimes.get(0).id(), 2);
        try (TicketCache cache = TicketCache.open(dir.resolve("verify.db"))) {
            PickupService.Result result = pickup(kiosk, cache, dir.resolve("prints-verify")).pickUp(bought.booking().code());
            assertThat(result.outcome()).isEqualTo(PickupService.Outcome.PRINTED);
            assertThat(result.fromCache()).isFalse();
            byte[] pdf = Files.readAllBytes(result.job().orElseThrow().file().orElseThrow());
            assertThat(SampleTickets.pages(pdf)).isEqualTo(2);
            String text = SampleTickets.text(pdf);
            for (TicketInfo t : bought.tickets()) assertThat(text).contains("Row " + t.row() + "   Seat " + t.number());
            assertThat(text).contains(showtimes.get(0).movieTitle().split(" ")[0], bought.booking().code());

            List<String> scanned = SampleTickets.qrCodes(pdf);
            assertThat(scanned).containsExactlyInAnyOrderElementsOf(bought.tickets().stream().map(TicketInfo::qrPayload).toList());
            String qr = scanned.get(0);
            assertThat(kiosk.verify(qr).result()).isEqualTo(VerificationResult.ACCEPTED);
            // Admitting uses the ticket up: door staff do that, a kiosk token may only verify.
            GrpcBackendClient door = new GrpcBackendClient("localhost:" + backend.runtime().port());
            door.cashier().signInStaff("cash01", "1234");
            var admitted = door.checkIn(qr);
            assertThat(admitted.result()).isEqualTo(VerificationResult.ACCEPTED);
            assertThat(admitted.ticket().ticket().bookingCode()).isEqualTo(bought.booking().code());
            var again = door.checkIn(qr);
            door.close();
            assertThat(again.result()).isEqualTo(VerificationResult.ALREADY_USED);
            assertThat(again.usedAt()).isNotNull();
            assertThat(kiosk.verify(qr).result()).isEqualTo(VerificationResult.ALREADY_USED);
            // One character changed: the signature no longer matches.
            String forged = qr.substring(0, 10) + (qr.charAt(10) == 'A' ? 'B' : 'A') + qr.substring(11);
            assertThat(kiosk.verify(forged).result()).isEqualTo(VerificationResult.FORGED);
        }
    }

    @Test
    void aCancelledBookingNeverPrintsFromTheCacheAfterTheSyncThatCarriedIt() throws Exception {
        CheckoutResult bought = Purchases.buy(kiosk, showtimes.get(showtimes.size() > 1 ? 1 : 0).id(), 2);
        String code = bought.booking().code();
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (TicketCache cache = TicketCache.open(dir.resolve("revoke.db"));
             GrpcBackendClient unreachable = new GrpcBackendClient("localhost:" + deadPort)) {
            cache.sync(cinema.id(), kiosk::syncTickets);
            assertThat(cache.ticketsByCode(code)).hasSize(2).allSatisfy(r -> assertThat(r.state()).isEqualTo(TicketState.VALID));
            PickupService offline = pickup(unreachable, cache, dir.resolve("prints-revoke"));
            assertThat(offline.pickUp(code).outcome()).as("before the cancellation").isEqualTo(PickupService.Outcome.PRINTED);

            cancelAsCashier(bought.booking().id());
            TicketCache.SyncResult sync = cache.sync(cinema.id(), kiosk::syncTickets);
            assertThat(sync.revoked()).isGreaterThanOrEqualTo(2);

            PickupService.Result refused = offline.pickUp(code);
            assertThat(refused.fromCache()).isTrue();
            assertThat(refused.outcome()).isEqualTo(PickupService.Outcome.REVOKED);
            assertThat(refused.message()).contains("refunded or cancelled");
            assertThat(refused.printed()).isEmpty();
            assertThat(offline.reprint(code).outcome()).isEqualTo(PickupService.Outcome.REVOKED);
            assertThat(cache.ticketsByCode(code)).allSatisfy(r -> assertThat(r.ticket().qrPayload()).isEmpty());
            // Online, the backend says the same.
            assertThat(pickup(kiosk, cache, dir.resolve("prints-revoke")).pickUp(code).outcome())
                    .isEqualTo(PickupService.Outcome.REVOKED);
            try (var files = Files.list(dir.resolve("prints-revoke"))) {
                assertThat(files.count()).as("only the print from before the cancellation").isEqualTo(1);
            }
        }
    }

    @Test
    void theProgrammeIsCachedWithSeatLayoutsAndAReceiptPrintsForTheSale() throws Exception {
        var programme = marquee.kiosk.cache.ProgrammeFetcher.fetch(kiosk, cinema, 2, java.time.Clock.systemUTC());
        assertThat(programme.showtimes()).isNotEmpty();
        assertThat(programme.films()).isNotEmpty();
        assertThat(programme.seatMaps()).containsOnlyKeys(programme.showtimes().stream().map(ShowtimeInfo::id).toList());
        try (TicketCache cache = TicketCache.open(dir.resolve("programme.db"))) {
            cache.saveProgramme(programme);
        }
        try (TicketCache cache = TicketCache.open(dir.resolve("programme.db"))) {
            var loaded = cache.loadProgramme().orElseThrow();
            assertThat(loaded).isEqualTo(programme);
            assertThat(loaded.seatMaps().values()).allSatisfy(map -> assertThat(map.rows()).isNotEmpty());
        }

        CheckoutResult bought = Purchases.buy(kiosk, showtimes.get(0).id(), 2);
        var receipt = marquee.kiosk.printing.Receipt.of(bought.booking(), showtimes.get(0).movieTitle(), cinema.name(),
                java.time.Instant.now(), ZoneId.of(cinema.timeZone()), marquee.kiosk.printing.Receipt.PaymentMethod.CARD, null,
                Locale.ENGLISH);
        var job = new PdfFilePrinter(dir.resolve("receipts"), PaperFormat.THERMAL_80MM).print(receipt);
        String text = SampleTickets.text(job.file().orElseThrow());
        assertThat(text).contains(bought.booking().code(), "Paid by: Card",
                bought.booking().total().format(Locale.ENGLISH).replace('\u00A0', ' '));
        try (TicketCache cache = TicketCache.open(dir.resolve("programme.db"))) {
            cache.recordSale(cinema.id(), bought.booking(), bought.tickets(), marquee.kiosk.cache.OwnSale.PaymentMethod.CARD);
            assertThat(cache.ownSales()).extracting(marquee.kiosk.cache.OwnSale::bookingCode).contains(bought.booking().code());
            assertThat(cache.ticketsByCode(bought.booking().code())).hasSize(2);
        }
    }

    private static void cancelAsCashier(String bookingId) {
        ManagedChannel channel = Channels.build(backend.runtime().inProcessTarget());
        try {
            String token = UsersServiceGrpc.newBlockingStub(channel)
                    .login(LoginRequest.newBuilder().setEmail("cashier@marquee.demo").setPassword("Cashier2026!").build())
                    .getAccessToken();
            ReservationsServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(token))
                    .cancelBooking(CancelBookingRequest.newBuilder().setBookingId(bookingId).setReason("customer changed plans").build());
        } finally {
            channel.shutdownNow();
        }
    }
}
