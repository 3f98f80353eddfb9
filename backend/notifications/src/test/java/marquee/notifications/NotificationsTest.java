package marquee.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.movies.v1.Showtime;
import marquee.notifications.v1.NotificationsServiceGrpc;
import marquee.notifications.v1.SendTicketsByEmailRequest;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.platform.testing.TestKafka;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatSelection;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Customer e-mail through a real SMTP server (GreenMail) from real events: a web customer's
 * purchase mails the tickets as PDF — whose QR codes decode and verify at the tickets service —
 * and the receipt; a sale without an account mails them to the address given for it; cancelling
 * the showtime announces the cancellation and the refund to both. With Kafka and without.
 */
class NotificationsTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private TestBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
    }

    @ParameterizedTest(name = "through Kafka: {0}")
    @ValueSource(booleans = {false, true})
    void buyersGetTheirTicketsByMailAndHearOfTheCancellationAndTheRefund(boolean kafka) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("marquee.events.relay.interval", "PT0.1S");
        settings.put("marquee.smtp.host", "127.0.0.1");
        settings.put("marquee.smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        settings.put("marquee.smtp.starttls", "false");
        settings.put("marquee.smtp.from", "Marquee <tickets@marquee.test>");
        if (kafka) {
            settings.put("marquee.kafka.bootstrap", TestKafka.bootstrap());
            settings.put("marquee.kafka.topic.prefix", "n" + UUID.randomUUID().toString().substring(0, 8) + ".");
        }
        backend = TestBackend.start(settings, ServiceModules.byName(ServiceModules.ALL.toArray(String[]::new)));
        String manager = backend.tokens().manager();
        Showtime showtime = showtime(manager);

        // A web customer with an account.
        String ann = "ann-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        var users = UsersServiceGrpc.newBlockingStub(backend.channel());
        users.register(RegisterRequest.newBuilder().setEmail(ann).setPassword("popcorn-2024").setDisplayName("Ann").build());
        String annToken = users.login(LoginRequest.newBuilder().setEmail(ann).setPassword("popcorn-2024").build()).getAccessToken();
        Booking annsBooking = buy(annToken, showtime, "A1", "A2");

        // A sale without an account: the address is given for the booking.
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String anonymous = backend.tokens().customer();
        Booking bobsBooking = buy(anonymous, showtime, "A3");
        TestBackend.as(NotificationsServiceGrpc.newBlockingStub(backend.channel()), anonymous)
                .sendTicketsByEmail(SendTicketsByEmailRequest.newBuilder().setBookingId(bobsBooking.getId()).setEmail(bob).build());

        MimeMessage annsTickets = awaitMail(ann, "Your tickets");
        MimeMessage bobsTickets = awaitMail(bob, "Your tickets");
        assertThat(text(annsTickets)).contains("Receipt - booking " + annsBooking.getCode()).contains("Total paid: 24.50 EUR");
        List<String> annsQrs = qrCodes(pdf(annsTickets));
        assertThat(annsQrs).hasSize(2);
        assertThat(qrCodes(pdf(bobsTickets))).hasSize(1);
        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(backend.channel()), manager);
        for (String qr : annsQrs) {
            assertThat(tickets.verifyTicket(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()).getResult())
                    .isEqualTo(VerificationResult.ACCEPTED);
        }

        TestBackend.as(MoviesServiceGrpc.newBlockingStub(backend.channel()), manager)
                .cancelShowtime(CancelShowtimeRequest.newBuilder().setShowtimeId(showtime.getId()).build());
        for (String who : List.of(ann, bob)) {
            assertThat(text(awaitMail(who, "Cancelled"))).contains("has been cancelled");
            assertThat(text(awaitMail(who, "Refund of"))).contains("Refunded so far");
        }
        // The mailed QR codes no longer admit anyone.
        for (String qr : annsQrs) {
            assertThat(tickets.verifyTicket(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()).getResult())
                    .isNotEqualTo(VerificationResult.ACCEPTED);
        }
        Thread.sleep(1000); // nothing more trickles in: one mail per purpose
        assertThat(messagesTo(ann)).hasSize(3);
        assertThat(messagesTo(bob)).hasSize(3);
    }

    private Booking buy(String token, Showtime showtime, String... seats) {
        var reservations = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(backend.channel()), token);
        HoldSeatsRequest.Builder hold = HoldSeatsRequest.newBuilder().setShowtimeId(showtime.getId())
                .setIdempotencyKey(UUID.randomUUID().toString());
        for (String seat : seats) hold.addSeats(SeatSelection.newBuilder().setSeatId(seat));
        Booking booking = reservations.holdSeats(hold.build());
        var result = reservations.checkout(CheckoutRequest.newBuilder().setBookingId(booking.getId())
                .setIdempotencyKey(UUID.randomUUID().toString())
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                        .setExpiryMonth(12).setExpiryYear(2031).setCvc("123").setHolder("A. Customer"))).build());
        assertThat(result.getOutcome()).isEqualTo(CheckoutOutcome.COMPLETED);
        return booking;
    }

    private Showtime showtime(String manager) {
        var theaters = TestBackend.as(TheatersServiceGrpc.newBlockingStub(backend.channel()), manager);
        var cinema = theaters.createCinema(CreateCinemaRequest.newBuilder().setName("Notify " + UUID.randomUUID())
                .setAddress("1 Main Street").setCity("Springfield").setTimeZone("Europe/Berlin").setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(8)).build());
        Row.Builder row = Row.newBuilder().setLabel("A").setY(0);
        for (int n = 1; n <= 6; n++) {
            row.addSeats(Seat.newBuilder().setId("A" + n).setRow("A").setNumber(n).setX(n - 1).setWidth(1).setCategory(SeatCategory.STANDARD));
        }
        var hall = theaters.createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("Hall 1")
                .setLayout(SeatLayout.newBuilder().addRows(row)).build());
        var movies = TestBackend.as(MoviesServiceGrpc.newBlockingStub(backend.channel()), manager);
        var movie = movies.createMovie(CreateMovieRequest.newBuilder().setTitle("The Mailed Ticket").setRuntimeMinutes(100)
                .setRating("12").addGenres("Drama").setSynopsis("A film.").setLanguage("en").setReleaseDate("2024-05-01").build());
        Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR").setBookingFeeMinor(50)
                        .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT).setAmountMinor(1200)))
                .setFormat("2D").build());
    }

    private static List<MimeMessage> messagesTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address))) out.add(message);
        }
        return out;
    }

    private static MimeMessage awaitMail(String address, String subjectStart) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (MimeMessage message : messagesTo(address)) {
                if (message.getSubject().startsWith(subjectStart)) return message;
            }
            return null;
        }, m -> m != null);
    }

    private static String text(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        return (String) parts.getBodyPart(0).getContent();
    }

    private static byte[] pdf(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            Part part = parts.getBodyPart(i);
            if (part.getFileName() != null && part.getFileName().endsWith(".pdf")) {
                try (InputStream in = part.getInputStream()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no PDF attached");
    }

    /** Renders each page as a scanner would see it and decodes its QR code. */
    private static List<String> qrCodes(byte[] pdf) throws Exception {
        List<String> codes = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            for (int page = 0; page < document.getNumberOfPages(); page++) {
                // As a scanner tries again closer up: at 200 dpi the rendering lost a module once in CI
                // (ChecksumException); the code must still decode, at 300 dpi, trying harder.
                String text;
                try {
                    text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
                            renderer.renderImageWithDPI(page, 200))))).getText();
                } catch (com.google.zxing.ReaderException firstLook) {
                    BufferedImage closer = renderer.renderImageWithDPI(page, 300);
                    text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(closer))),
                            java.util.Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
                }
                codes.add(text);
            }
        }
        return codes;
    }
}
