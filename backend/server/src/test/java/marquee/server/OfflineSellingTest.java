package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.common.v1.Money;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.MoviesModule;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.movies.v1.Showtime;
import marquee.payments.PaymentsModule;
import marquee.payments.v1.GetShiftReportRequest;
import marquee.payments.v1.ListPaymentsRequest;
import marquee.payments.v1.OpenShiftRequest;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.platform.auth.TerminalQr;
import marquee.platform.testing.TestBackend;
import marquee.reservations.ReservationsModule;
import marquee.reservations.v1.Allocation;
import marquee.reservations.v1.AllocationList;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CashDetails;
import marquee.reservations.v1.CheckoutOutcome;
import marquee.reservations.v1.CheckoutRequest;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.GetSeatMapRequest;
import marquee.reservations.v1.HoldSeatsRequest;
import marquee.reservations.v1.ListAllocationsRequest;
import marquee.reservations.v1.OfflinePayment;
import marquee.reservations.v1.OfflineSale;
import marquee.reservations.v1.OfflineSaleOutcome;
import marquee.reservations.v1.OfflineSaleReceipt;
import marquee.reservations.v1.OfflineSalesServiceGrpc;
import marquee.reservations.v1.OfflineTicket;
import marquee.reservations.v1.PaymentMethod;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.ReturnAllocationsRequest;
import marquee.reservations.v1.SeatSelection;
import marquee.reservations.v1.SeatState;
import marquee.reservations.v1.SeatStatus;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.reservations.v1.TakeAllocationsRequest;
import marquee.reservations.v1.UploadOfflineSalesRequest;
import marquee.reservations.v1.UploadOfflineSalesResponse;
import marquee.theaters.TheatersModule;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.TicketsModule;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.RegisterTerminalKeyRequest;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;
import marquee.users.UsersModule;
import marquee.users.v1.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline selling from seats set aside, across the real services (one backend, real gRPC, real
 * PostgreSQL): allocations are claims nobody else can hold or sell, an offline sale uploads into
 * a sold booking, an offline payment in the seller's shift and tickets with the terminal's ids and
 * QR texts (once, however often it is uploaded), unsold seats return on request or by themselves
 * before the show, forged sales are refused, and two tills' offline sales racing online buyers
 * never sell a seat twice.
 */
class OfflineSellingTest {
    private static final Logger log = LoggerFactory.getLogger(OfflineSellingTest.class);
    private static final String CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static TestBackend backend;
    private static ManagedChannel channel;
    private static String manager;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of(
                        "marquee.users.bcrypt.strength", "4",
                        "marquee.reservations.sweep.interval", "PT0.2S",
                        "marquee.reservations.offline.sell.margin", "PT1S"),
                new UsersModule(), new TheatersModule(), new MoviesModule(), new ReservationsModule(), new PaymentsModule(),
                new TicketsModule());
        channel = backend.channel();
        manager = backend.tokens().manager();
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    // ------------------------------------------------------------------------------ tests

    @Test
    void allocatedSeatsAreHeldForTheTerminalAndNobodyElseCanHoldThem() {
        Cinema cinema = cinema(4, true, 30, 24, 0);
        Hall hall = hall(cinema, 3, 10);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(3)));
        String cashier = staff(Role.CASHIER, cinema);

        AllocationList taken = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-a1").build());
        assertThat(taken.getPolicy().getSeatsPerShowtime()).isEqualTo(4);
        assertThat(taken.getAllocationsList()).hasSize(1);
        Allocation allocation = taken.getAllocations(0);
        assertThat(allocation.getShowtimeId()).isEqualTo(show.getId());
        assertThat(allocation.getSeatsList()).hasSize(4);
        assertThat(allocation.getPrices().getEntriesList()).isNotEmpty();
        assertThat(toInstant(allocation.getSellUntil())).isBefore(toInstant(allocation.getReturnsAt()));
        assertThat(toInstant(allocation.getReturnsAt())).isEqualTo(toInstant(show.getStartsAt()).minus(Duration.ofMinutes(30)));
        // Together in one row, not leaving a single empty seat (the cinema forbids it).
        assertThat(allocation.getSeatsList().stream().map(BookingLine::getRow).distinct()).hasSize(1);

        // Idempotent: the same allocation again.
        AllocationList again = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-a1").build());
        assertThat(again.getAllocationsList()).extracting(Allocation::getAllocationId).containsExactly(allocation.getAllocationId());

        // The seat map shows them held; a buyer online gets "seat taken".
        Set<String> held = seats(allocation);
        assertThat(seatMap(show, SeatStatus.SEAT_HELD)).containsAll(held);
        String customer = backend.tokens().customer();
        String first = held.iterator().next();
        assertThatThrownBy(() -> TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), customer)
                .holdSeats(HoldSeatsRequest.newBuilder().setShowtimeId(show.getId())
                        .addSeats(SeatSelection.newBuilder().setSeatId(first)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("seat taken");
                });

        // The allocation is no booking anyone can pay or release: even staff of the cinema do not find it.
        String allocationBooking;
        try (var c = java.sql.DriverManager.getConnection(backend.jdbcUrl(), "postgres", "");
             var q = c.prepareStatement("SELECT booking_id::text FROM reservations.offline_allocation WHERE id = ?::uuid")) {
            q.setString(1, allocation.getAllocationId());
            try (var rs = q.executeQuery()) {
                rs.next();
                allocationBooking = rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), cashier)
                .checkout(CheckoutRequest.newBuilder().setBookingId(allocationBooking).setIdempotencyKey(UUID.randomUUID().toString())
                        .setPayment(PaymentMethod.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(100))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

        // A manager sees it; a kiosk of a cinema without kiosk allocations is refused plainly.
        assertThat(offline(manager).listAllocations(ListAllocationsRequest.newBuilder().setCinemaId(cinema.getId()).build())
                .getAllocationsList()).extracting(Allocation::getDeviceId).contains("till-a1");
        String kiosk = backend.tokens().token(Role.KIOSK, UUID.randomUUID().toString(), cinema.getId());
        assertThatThrownBy(() -> offline(kiosk).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("kiosk-a1").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThatThrownBy(() -> offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("x").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        // Returned: free for everyone again.
        AllocationList after = offline(cashier).returnAllocations(ReturnAllocationsRequest.newBuilder().setDeviceId("till-a1").build());
        assertThat(after.getAllocationsList()).isEmpty();
        assertThat(seatMap(show, SeatStatus.SEAT_HELD)).doesNotContainAnyElementsOf(held);
        TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), customer).holdSeats(HoldSeatsRequest.newBuilder()
                .setShowtimeId(show.getId()).addSeats(SeatSelection.newBuilder().setSeatId(first)).build());
    }

    @Test
    void anOfflineSaleUploadsIntoABookingAPaymentInTheShiftAndTheTerminalsTicketsOnce() {
        Cinema cinema = cinema(4, false, 30, 24, 0);
        Hall hall = hall(cinema, 2, 8);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-b1");
        String shift = openShift(cashier, "till-b1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-b1").build())
                .getAllocations(0);
        List<String> seats = new ArrayList<>(seats(allocation));
        OfflineSale sale = sale(allocation, seats.subList(0, 2), key, cashierId, shift);

        UploadOfflineSalesResponse first = upload(cashier, "till-b1", sale);
        assertThat(first.getReceipts(0).getOutcome()).as(first.toString()).isEqualTo(OfflineSaleOutcome.RECORDED);
        assertThat(first.getNewSales()).isEqualTo(1);

        var booking = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), cashier)
                .getBooking(GetBookingRequest.newBuilder().setCode(sale.getBookingCode()).build());
        assertThat(booking.getStatus()).isEqualTo(BookingStatus.BOOKING_CONFIRMED);
        assertThat(booking.getTotal().getAmountMinor()).isEqualTo(2400);
        assertThat(booking.getLinesList()).extracting(BookingLine::getSeatId).containsExactlyInAnyOrderElementsOf(seats.subList(0, 2));
        assertThat(seatMap(show, SeatStatus.SEAT_SOLD)).containsExactlyInAnyOrderElementsOf(seats.subList(0, 2));

        var payments = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), cashier)
                .listPayments(ListPaymentsRequest.newBuilder().setBookingId(booking.getId()).build()).getPaymentsList();
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).getOffline()).isTrue();
        assertThat(payments.get(0).getTakenBy()).isEqualTo(cashierId);
        assertThat(payments.get(0).getAmount().getAmountMinor()).isEqualTo(2400);
        var report = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), cashier)
                .getShiftReport(GetShiftReportRequest.newBuilder().setShiftId(shift).build());
        assertThat(report.getCashSaleCount()).isEqualTo(1);
        assertThat(report.getCashSales().getAmountMinor()).isEqualTo(2400);
        assertThat(report.getOfflineSaleCount()).isEqualTo(1);
        assertThat(report.getOfflineSales().getAmountMinor()).isEqualTo(2400);
        assertThat(report.getTicketsSold()).isEqualTo(2);

        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), cashier)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(sale.getBookingCode()).build()).getTicketsList();
        assertThat(tickets).extracting(t -> t.getId())
                .containsExactlyInAnyOrderElementsOf(sale.getTicketsList().stream().map(OfflineTicket::getTicketId).toList());
        assertThat(tickets).extracting(t -> t.getQrPayload())
                .containsExactlyInAnyOrderElementsOf(sale.getTicketsList().stream().map(OfflineTicket::getQrPayload).toList());
        var feed = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), cashier)
                .listTicketsForSync(ListTicketsForSyncRequest.newBuilder().setCinemaId(cinema.getId()).build()).getTicketsList();
        assertThat(feed).extracting(t -> t.getId()).containsAll(tickets.stream().map(t -> t.getId()).toList());

        // A retry (the answer was lost): the same booking, nothing doubled.
        UploadOfflineSalesResponse retry = upload(cashier, "till-b1", sale);
        assertThat(retry.getReceipts(0).getOutcome()).isEqualTo(OfflineSaleOutcome.ALREADY_RECORDED);
        assertThat(retry.getReceipts(0).getBookingId()).isEqualTo(booking.getId());
        assertThat(retry.getNewSales()).isZero();
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE booking_id = '" + booking.getId() + "'")).isEqualTo(1);
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket WHERE booking_id = '" + booking.getId() + "'")).isEqualTo(2);

        // The allocation still holds the two unsold seats until it is returned.
        Allocation left = offline(cashier).listAllocations(ListAllocationsRequest.newBuilder().setDeviceId("till-b1").build())
                .getAllocations(0);
        assertThat(seats(left)).containsExactlyInAnyOrderElementsOf(seats.subList(2, 4));
        offline(cashier).returnAllocations(ReturnAllocationsRequest.newBuilder().setDeviceId("till-b1").build());
        assertThat(seatMap(show, SeatStatus.SEAT_HELD)).doesNotContainAnyElementsOf(seats);
        assertThat(seatMap(show, SeatStatus.SEAT_SOLD)).containsExactlyInAnyOrderElementsOf(seats.subList(0, 2));
    }

    @Test
    void aTicketAdmittedAtTheDoorBeforeTheUploadIsIssuedAlreadyUsed() {
        Cinema cinema = cinema(2, false, 30, 24, 0);
        Hall hall = hall(cinema, 1, 6);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-c1");
        String shift = openShift(cashier, "till-c1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-c1").build())
                .getAllocations(0);
        OfflineSale sale = sale(allocation, List.copyOf(seats(allocation)).subList(0, 1), key, cashierId, shift);
        String qr = sale.getTickets(0).getQrPayload();
        String door = backend.tokens().token(Role.DOOR, UUID.randomUUID().toString(), cinema.getId());
        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), door);

        assertThat(tickets.verifyTicket(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()).getResult())
                .isEqualTo(VerificationResult.ACCEPTED);
        var admitted = tickets.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).setShowtimeId(show.getId())
                .setDeviceId("door-c1").build());
        assertThat(admitted.getResult()).isEqualTo(VerificationResult.ACCEPTED);
        assertThat(admitted.getTicket().getSeatId()).isEqualTo(sale.getTickets(0).getSeatId());
        assertThat(tickets.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()).getResult())
                .isEqualTo(VerificationResult.ALREADY_USED);
        // An altered code is forged.
        String altered = qr.substring(0, qr.length() - 3) + (qr.endsWith("AAA") ? "BBB" : "AAA");
        assertThat(tickets.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(altered).build()).getResult())
                .isEqualTo(VerificationResult.FORGED);

        assertThat(upload(cashier, "till-c1", sale).getReceipts(0).getOutcome()).isEqualTo(OfflineSaleOutcome.RECORDED);
        var issued = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), cashier)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(sale.getBookingCode()).build()).getTickets(0);
        assertThat(issued.getStatus()).isEqualTo(TicketStatus.USED);
        assertThat(tickets.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(qr).build()).getResult())
                .isEqualTo(VerificationResult.ALREADY_USED);
    }

    @Test
    void forgedOrWrongSalesAreRejectedAndNothingIsRecorded() {
        Cinema cinema = cinema(4, false, 30, 24, 0);
        Hall hall = hall(cinema, 2, 8);
        showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair own = registerKey(cashier, "till-d1");
        KeyPair other = registerKey(cashier, "till-d2");
        KeyPair unregistered = newKey();
        String shift = openShift(cashier, "till-d1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-d1").build())
                .getAllocations(0);
        Allocation otherAllocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-d2").build())
                .getAllocations(0);
        List<String> seats = List.copyOf(seats(allocation));

        OfflineSale forged = sale(allocation, seats.subList(0, 1), unregistered, cashierId, shift);
        OfflineSale otherTerminal = sale(allocation, seats.subList(1, 2), other, cashierId, shift);
        OfflineSale base = sale(allocation, seats.subList(2, 3), own, cashierId, shift);
        OfflineSale wrongPrice = base.toBuilder()
                .setTickets(0, base.getTickets(0).toBuilder().setPrice(Money.newBuilder().setAmountMinor(100).setCurrency("EUR")))
                .setTotal(Money.newBuilder().setAmountMinor(100).setCurrency("EUR")).build();
        OfflineSale notOurs = sale(otherAllocation, List.copyOf(seats(otherAllocation)).subList(0, 1), own, cashierId, shift);
        OfflineSale wrongTotal = sale(allocation, seats.subList(3, 4), own, cashierId, shift).toBuilder()
                .setTotal(Money.newBuilder().setAmountMinor(1).setCurrency("EUR")).build();

        UploadOfflineSalesResponse response = upload(cashier, "till-d1", forged, otherTerminal, wrongPrice, notOurs, wrongTotal);
        assertThat(response.getReceiptsList()).extracting(OfflineSaleReceipt::getOutcome).containsOnly(OfflineSaleOutcome.REJECTED);
        assertThat(response.getReceiptsList()).allSatisfy(r -> assertThat(r.getMessage()).isNotBlank());
        assertThat(response.getNewSales()).isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.offline_sale WHERE device_id = 'till-d1'")).isZero();
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE shift_id = '" + shift + "'")).isZero();
        for (OfflineSale s : List.of(forged, otherTerminal, wrongPrice, notOurs, wrongTotal)) {
            assertThat(backend.count("SELECT count(*) FROM reservations.booking WHERE code = '" + s.getBookingCode() + "'")).isZero();
        }
        // Another cinema's cashier cannot upload for this till; a request too big is INVALID_ARGUMENT.
        Cinema elsewhere = cinema(4, false, 30, 24, 0);
        String stranger = staff(Role.CASHIER, elsewhere);
        assertThatThrownBy(() -> upload(stranger, "till-d1", sale(allocation, seats.subList(0, 1), own, cashierId, shift)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        // Only reservations records an offline sale's money: a till calling payments directly is refused.
        assertThatThrownBy(() -> TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), cashier).charge(
                marquee.payments.v1.ChargeRequest.newBuilder().setBookingId(UUID.randomUUID().toString())
                        .setIdempotencyKey(forged.getSaleId()).setOfflineSale(forged).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        String customer = backend.tokens().customer();
        assertThatThrownBy(() -> upload(customer, "till-d1", forged))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void unsoldSeatsGoBackToGeneralSaleBeforeTheShowWithoutTheTerminal() throws Exception {
        // Returns 60 minutes before the start, which is 60 minutes and 4 seconds away.
        Cinema cinema = cinema(3, false, 60, 24, 0);
        Hall hall = hall(cinema, 1, 6);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofMinutes(60)).plusSeconds(4));
        String cashier = staff(Role.CASHIER, cinema);
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-e1").build())
                .getAllocations(0);
        Set<String> held = seats(allocation);
        assertThat(seatMap(show, SeatStatus.SEAT_HELD)).containsAll(held);

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until && backend.count(
                "SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + show.getId() + "'") > 0) {
            Thread.sleep(100);
        }
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + show.getId() + "'"))
                .as("claims left after returns_at").isZero();
        assertThat(seatMap(show, SeatStatus.SEAT_HELD)).isEmpty();
        assertThat(offline(cashier).listAllocations(ListAllocationsRequest.newBuilder().setDeviceId("till-e1").build())
                .getAllocationsList()).isEmpty();
        // Past sell_until no new allocation is made for it.
        assertThat(offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-e1").build())
                .getAllocationsList()).isEmpty();
    }

    /**
     * Doors that admitted MQ2 tickets offline upload their journals before and after the till
     * uploads the sale: the first admission counts, a second door's is a duplicate, and the ticket
     * is issued USED; a ticket admitted offline after the sale was uploaded is used up too.
     */
    @Test
    void doorJournalsWithOfflineSoldTicketsFindDuplicatesBeforeAndAfterTheSaleIsUploaded() {
        Cinema cinema = cinema(2, false, 30, 24, 0);
        Hall hall = hall(cinema, 1, 6);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-j1");
        String shift = openShift(cashier, "till-j1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-j1").build())
                .getAllocations(0);
        OfflineSale sale = sale(allocation, List.copyOf(seats(allocation)), key, cashierId, shift);
        String first = sale.getTickets(0).getQrPayload();
        String second = sale.getTickets(1).getQrPayload();
        String doorStaff = backend.tokens().token(Role.DOOR, UUID.randomUUID().toString(), cinema.getId());
        var tickets = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), doorStaff);

        var door1 = tickets.uploadDoorScans(doorUpload("door-j1", show, first));
        assertThat(door1.getReceipts(0).getOutcome()).isEqualTo(marquee.tickets.v1.DoorScanOutcome.ADMITTED);
        var door2 = tickets.uploadDoorScans(doorUpload("door-j2", show, first));
        assertThat(door2.getReceipts(0).getOutcome()).isEqualTo(marquee.tickets.v1.DoorScanOutcome.DUPLICATE_ADMISSION);
        assertThat(door2.getReceipts(0).getFirstDeviceId()).isEqualTo("door-j1");

        assertThat(upload(cashier, "till-j1", sale).getReceipts(0).getOutcome()).isEqualTo(OfflineSaleOutcome.RECORDED);
        var issued = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), cashier)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(sale.getBookingCode()).build()).getTicketsList();
        assertThat(issued).filteredOn(t -> t.getQrPayload().equals(first)).singleElement()
                .satisfies(t -> assertThat(t.getStatus()).isEqualTo(TicketStatus.USED));
        assertThat(issued).filteredOn(t -> t.getQrPayload().equals(second)).singleElement()
                .satisfies(t -> assertThat(t.getStatus()).isEqualTo(TicketStatus.VALID));

        // After the upload: door 1's own admission again is no duplicate; a new offline admission uses the ticket up.
        assertThat(tickets.uploadDoorScans(doorUpload("door-j1", show, first)).getReceipts(0).getOutcome())
                .isEqualTo(marquee.tickets.v1.DoorScanOutcome.ADMITTED);
        assertThat(tickets.uploadDoorScans(doorUpload("door-j2", show, second)).getReceipts(0).getOutcome())
                .isEqualTo(marquee.tickets.v1.DoorScanOutcome.ADMITTED);
        assertThat(tickets.checkIn(VerifyTicketRequest.newBuilder().setQrPayload(second).setDeviceId("door-j3").build()).getResult())
                .isEqualTo(VerificationResult.ALREADY_USED);
    }

    private static marquee.tickets.v1.UploadDoorScansRequest doorUpload(String door, Showtime show, String qr) {
        return marquee.tickets.v1.UploadDoorScansRequest.newBuilder().setDeviceId(door).addScans(marquee.tickets.v1.DoorScan.newBuilder()
                .setScanId(UUID.randomUUID().toString()).setQrPayload(qr).setShowtimeId(show.getId())
                .setScannedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .setResult(VerificationResult.ACCEPTED).setOffline(true)).build();
    }

    /**
     * A till that sold from seats no longer set aside for it (they went back and someone bought
     * them online): CONFLICT. The money it took is recorded (offline, in its shift) and flagged,
     * the booking is cancelled without seats or tickets, its printed ticket is refused at the door,
     * and marquee_offline_sale_conflicts_total counts it.
     */
    @Test
    void aSaleWhoseSeatWasBoughtOnlineMeanwhileIsAConflictWithTheMoneyRecorded() throws Exception {
        Cinema cinema = cinema(2, false, 30, 24, 0);
        Hall hall = hall(cinema, 1, 6);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-h1");
        String shift = openShift(cashier, "till-h1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-h1").build())
                .getAllocations(0);
        String seat = seats(allocation).iterator().next();
        OfflineSale sale = sale(allocation, List.of(seat), key, cashierId, shift);
        double before = metric("marquee_offline_sale_conflicts_total");

        // The allocation goes back (as the sweeper would do at returns_at) and a customer buys the seat.
        offline(cashier).returnAllocations(ReturnAllocationsRequest.newBuilder().setDeviceId("till-h1").build());
        String customer = backend.tokens().customer();
        var reservations = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), customer);
        var held = reservations.holdSeats(HoldSeatsRequest.newBuilder().setShowtimeId(show.getId())
                .addSeats(SeatSelection.newBuilder().setSeatId(seat)).build());
        assertThat(reservations.checkout(CheckoutRequest.newBuilder().setBookingId(held.getId()).setIdempotencyKey(UUID.randomUUID().toString())
                .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                        .setExpiryMonth(12).setExpiryYear(2031).setCvc("123").setHolder("Online"))).build()).getOutcome())
                .isEqualTo(CheckoutOutcome.COMPLETED);

        UploadOfflineSalesResponse response = upload(cashier, "till-h1", sale);
        OfflineSaleReceipt receipt = response.getReceipts(0);
        assertThat(receipt.getOutcome()).as(response.toString()).isEqualTo(OfflineSaleOutcome.CONFLICT);
        assertThat(receipt.getMessage()).contains(seat);
        assertThat(receipt.getPaymentId()).isNotBlank();
        var payment = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), cashier)
                .listPayments(ListPaymentsRequest.newBuilder().setBookingId(receipt.getBookingId()).build()).getPayments(0);
        assertThat(payment.getOffline()).isTrue();
        assertThat(payment.getAmount().getAmountMinor()).isEqualTo(1200);
        var booking = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), cashier)
                .getBooking(GetBookingRequest.newBuilder().setBookingId(receipt.getBookingId()).build());
        assertThat(booking.getStatus()).isEqualTo(BookingStatus.BOOKING_CANCELLED);
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket WHERE booking_id = '" + receipt.getBookingId() + "'")).isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + show.getId()
                + "' AND seat_id = '" + seat + "' AND booking_id = '" + held.getId() + "'")).as("the online buyer keeps the seat").isEqualTo(1);
        String door = backend.tokens().token(Role.DOOR, UUID.randomUUID().toString(), cinema.getId());
        assertThat(TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), door).checkIn(VerifyTicketRequest.newBuilder()
                .setQrPayload(sale.getTickets(0).getQrPayload()).build()).getResult()).isEqualTo(VerificationResult.REVOKED_TICKET);
        assertThat(metric("marquee_offline_sale_conflicts_total")).isEqualTo(before + 1);

        // Uploaded again: the same answer, nothing doubled.
        assertThat(upload(cashier, "till-h1", sale).getReceipts(0).getOutcome()).isEqualTo(OfflineSaleOutcome.CONFLICT);
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE shift_id = '" + shift + "'")).isEqualTo(1);
        assertThat(metric("marquee_offline_sale_conflicts_total")).isEqualTo(before + 1);
    }

    /** A sale for a showtime cancelled before the upload: the money is recorded and flagged, no seat or ticket is sold. */
    @Test
    void aSaleForAShowtimeCancelledMeanwhileIsAConflict() throws Exception {
        Cinema cinema = cinema(2, false, 30, 24, 0);
        Hall hall = hall(cinema, 1, 6);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-i1");
        String shift = openShift(cashier, "till-i1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-i1").build())
                .getAllocations(0);
        OfflineSale sale = sale(allocation, List.copyOf(seats(allocation)).subList(0, 1), key, cashierId, shift);
        TestBackend.as(MoviesServiceGrpc.newBlockingStub(channel), manager).cancelShowtime(
                marquee.movies.v1.CancelShowtimeRequest.newBuilder().setShowtimeId(show.getId()).build());
        Thread.sleep(6_000); // longer than reservations' showtime snapshot (5 s), should the event be late

        OfflineSaleReceipt receipt = upload(cashier, "till-i1", sale).getReceipts(0);
        assertThat(receipt.getOutcome()).isEqualTo(OfflineSaleOutcome.CONFLICT);
        assertThat(receipt.getMessage()).contains("cancelled");
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE shift_id = '" + shift + "' AND offline")).isEqualTo(1);
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE status = 'SOLD' AND showtime_id = '"
                + show.getId() + "'")).isZero();
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket WHERE showtime_id = '" + show.getId() + "'")).isZero();
    }

    /** Payments refuses a sale for good (a shift that does not exist): the seats recorded first are taken back, nothing stays. */
    @Test
    void aSalePaymentsRefusesIsRejectedAndItsSeatsAreNotSold() {
        Cinema cinema = cinema(2, false, 30, 24, 0);
        Hall hall = hall(cinema, 1, 6);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-l1");
        Allocation allocation = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-l1").build())
                .getAllocations(0);
        OfflineSale sale = sale(allocation, List.copyOf(seats(allocation)).subList(0, 1), key, cashierId, UUID.randomUUID().toString());

        OfflineSaleReceipt receipt = upload(cashier, "till-l1", sale).getReceipts(0);
        assertThat(receipt.getOutcome()).isEqualTo(OfflineSaleOutcome.REJECTED);
        assertThat(receipt.getMessage()).contains("payment not recorded").contains("shift");
        assertThat(backend.count("SELECT count(*) FROM reservations.booking WHERE code = '" + sale.getBookingCode() + "'")).isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.offline_sale WHERE sale_id = '" + sale.getSaleId() + "'")).isZero();
        assertThat(seatMap(show, SeatStatus.SEAT_SOLD)).isEmpty();
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE idempotency_key = 'offline:" + sale.getSaleId() + "'"))
                .isZero();
    }

    /**
     * A kiosk sells offline only when its cinema allows kiosks, only by card within the floor
     * limit, and only for the device id its account bound first.
     */
    @Test
    void aKioskSellsOfflineByCardWithinTheFloorLimitOnly() {
        Cinema cinema = TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager).createCinema(CreateCinemaRequest.newBuilder()
                .setName("Offline kiosk " + UUID.randomUUID()).setTimeZone("Europe/Berlin").setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(10).setOfflineSeatsPerShowtime(4)
                        .setOfflineKiosksAllowed(true).setOfflineCardFloorLimitMinor(2500))
                .build());
        Hall hall = hall(cinema, 2, 8);
        showtime(hall, Instant.now().plus(Duration.ofHours(2)));
        String kioskAccount = UUID.randomUUID().toString();
        String kiosk = backend.tokens().token(Role.KIOSK, kioskAccount, cinema.getId());
        KeyPair key = registerKey(kiosk, "kiosk-k1");
        AllocationList list = offline(kiosk).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("kiosk-k1").build());
        assertThat(list.getPolicy().getKiosksAllowed()).isTrue();
        assertThat(list.getPolicy().getCardFloorLimitMinor()).isEqualTo(2500);
        Allocation allocation = list.getAllocations(0);
        List<String> seats = List.copyOf(seats(allocation));

        OfflineSale twoByCard = card(sale(allocation, seats.subList(0, 2), key, "", ""), 2400);
        OfflineSale threeByCard = card(sale(allocation, seats.subList(1, 4), key, "", ""), 3600);
        OfflineSale cash = sale(allocation, seats.subList(3, 4), key, "", "");
        UploadOfflineSalesResponse response = upload(kiosk, "kiosk-k1", twoByCard, threeByCard, cash);
        assertThat(response.getReceiptsList()).extracting(OfflineSaleReceipt::getOutcome)
                .containsExactly(OfflineSaleOutcome.RECORDED, OfflineSaleOutcome.REJECTED, OfflineSaleOutcome.REJECTED);
        assertThat(response.getReceipts(1).getMessage()).contains("floor limit");
        var payment = TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), kiosk)
                .listPayments(ListPaymentsRequest.newBuilder().setBookingId(response.getReceipts(0).getBookingId()).build()).getPayments(0);
        assertThat(payment.getOffline()).isTrue();
        assertThat(payment.getCardPresent().getTraceNumber()).isNotBlank();
        assertThat(payment.getTakenBy()).isEqualTo(kioskAccount);

        // Another kiosk account cannot act for this kiosk's device id.
        String otherKiosk = backend.tokens().token(Role.KIOSK, UUID.randomUUID().toString(), cinema.getId());
        assertThatThrownBy(() -> offline(otherKiosk).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("kiosk-k1").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    private static final AtomicInteger TRACE = new AtomicInteger(100);

    private static OfflineSale card(OfflineSale sale, long amount) {
        return sale.toBuilder().setPayment(OfflinePayment.newBuilder().setCardPresent(
                marquee.reservations.v1.CardPresentResult.newBuilder().setTerminalId("52500038").setTraceNumber(
                        Integer.toString(TRACE.incrementAndGet())).setReceiptNumber("17").setAuthCode("OFFLINE").setMaskedPan("****1234")
                        .setCardBrand("girocard").setAmount(Money.newBuilder().setAmountMinor(amount).setCurrency("EUR"))))
                .build();
    }

    private static double metric(String name) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + backend.runtime().metricsPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    /**
     * Two tills sell all their allocated seats "offline" while 12 online buyers hold and buy the
     * same showtime until it is sold out; then both tills upload at once. No seat is sold twice,
     * every offline sale is recorded, and the money equals the tickets.
     */
    @Test
    void twoTillsOfflineAndOnlineBuyersNeverSellASeatTwice() throws Exception {
        Cinema cinema = cinema(6, false, 30, 24, 0);
        Hall hall = hall(cinema, 4, 10);
        Showtime show = showtime(hall, Instant.now().plus(Duration.ofHours(4)));
        List<String> tills = List.of("till-f1", "till-f2");
        List<List<OfflineSale>> journals = new ArrayList<>();
        List<String> cashierTokens = new ArrayList<>();
        for (String till : tills) {
            String id = UUID.randomUUID().toString();
            String token = backend.tokens().token(Role.CASHIER, id, cinema.getId());
            cashierTokens.add(token);
            KeyPair key = registerKey(token, till);
            String shift = openShift(token, till);
            Allocation allocation = offline(token).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId(till).build())
                    .getAllocations(0);
            assertThat(allocation.getSeatsList()).hasSize(6);
            // The backend is now "unreachable" for this till: it sells its seats in pairs and journals the sales.
            List<String> seats = List.copyOf(seats(allocation));
            journals.add(List.of(sale(allocation, seats.subList(0, 2), key, id, shift),
                    sale(allocation, seats.subList(2, 4), key, id, shift), sale(allocation, seats.subList(4, 6), key, id, shift)));
        }

        ExecutorService buyers = Executors.newFixedThreadPool(12);
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger bought = new AtomicInteger();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int b = 0; b < 12; b++) {
                runs.add(buyers.submit(() -> buyUntilSoldOut(show, bought, unexpected)));
            }
            for (Future<?> run : runs) run.get(3, TimeUnit.MINUTES);
        } finally {
            buyers.shutdownNow();
        }
        assertThat(unexpected).as("online answers other than sold or seat taken").isEmpty();
        assertThat(seatMap(show, SeatStatus.SEAT_FREE)).as("sold out online").isEmpty();

        // Both tills reconnect and upload at the same time.
        ExecutorService uploads = Executors.newFixedThreadPool(2);
        List<Future<UploadOfflineSalesResponse>> answers = new ArrayList<>();
        for (int t = 0; t < tills.size(); t++) {
            int till = t;
            answers.add(uploads.submit(() -> upload(cashierTokens.get(till), tills.get(till),
                    journals.get(till).toArray(OfflineSale[]::new))));
        }
        for (Future<UploadOfflineSalesResponse> answer : answers) {
            assertThat(answer.get(1, TimeUnit.MINUTES).getReceiptsList()).extracting(OfflineSaleReceipt::getOutcome)
                    .containsOnly(OfflineSaleOutcome.RECORDED);
        }
        uploads.shutdownNow();

        String showtime = "'" + show.getId() + "'";
        assertThat(backend.count("SELECT count(*) FROM (SELECT l.seat_id FROM reservations.booking_line l JOIN reservations.booking b"
                + " ON b.id = l.booking_id WHERE b.showtime_id = " + showtime + " AND b.status = 'CONFIRMED'"
                + " GROUP BY l.seat_id HAVING count(*) > 1) twice")).as("seats sold twice").isZero();
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE status = 'SOLD' AND showtime_id = " + showtime))
                .isEqualTo(40);
        assertThat(backend.count("SELECT count(*) FROM tickets.ticket WHERE status <> 'REVOKED' AND showtime_id = " + showtime))
                .isEqualTo(40);
        assertThat(backend.count("SELECT count(*) FROM (SELECT seat_id FROM tickets.ticket WHERE status <> 'REVOKED' AND showtime_id = "
                + showtime + " GROUP BY seat_id HAVING count(*) > 1) twice")).isZero();
        long sold = backend.count("SELECT coalesce(sum(total_minor), 0) FROM reservations.booking WHERE status = 'CONFIRMED'"
                + " AND showtime_id = " + showtime);
        long money = backend.count("SELECT coalesce(sum(p.amount_minor - p.refunded_minor), 0) FROM payments.payments p"
                + " WHERE p.status IN ('APPROVED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND p.booking_id IN"
                + " (SELECT b.id FROM reservations.booking b WHERE b.showtime_id = " + showtime + ")");
        long ticketMoney = backend.count("SELECT coalesce(sum(price_minor), 0) FROM tickets.ticket WHERE status <> 'REVOKED'"
                + " AND showtime_id = " + showtime);
        assertThat(money).as("money taken").isEqualTo(sold);
        assertThat(ticketMoney).as("tickets' prices (no booking fee in this price list)").isEqualTo(sold);
        log.info("Race: {} seats sold online, 12 offline by two tills", bought.get());
    }

    /** The figure for docs/benchmarks.md: 1,000 offline sales uploaded after a reconnect (two calls of 500). */
    @Test
    void uploadOfAThousandOfflineSales() {
        Cinema cinema = cinema(50, false, 30, 48, 0);
        List<Hall> halls = List.of(hall(cinema, 6, 10), hall(cinema, 6, 10));
        Instant first = Instant.now().plus(Duration.ofHours(2));
        for (int i = 0; i < 10; i++) {
            for (Hall hall : halls) showtime(hall, first.plus(Duration.ofMinutes(150L * i)));
        }
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, cinema.getId());
        KeyPair key = registerKey(cashier, "till-g1");
        String shift = openShift(cashier, "till-g1");
        List<Allocation> allocations = offline(cashier).takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId("till-g1")
                .build()).getAllocationsList();
        assertThat(allocations).hasSize(20);
        List<OfflineSale> sales = new ArrayList<>();
        for (Allocation allocation : allocations) {
            for (String seat : seats(allocation)) sales.add(sale(allocation, List.of(seat), key, cashierId, shift));
        }
        assertThat(sales).hasSize(1000);
        long started = System.nanoTime();
        int recorded = 0;
        for (int from = 0; from < sales.size(); from += 500) {
            UploadOfflineSalesResponse response = TestBackend.as(OfflineSalesServiceGrpc.newBlockingStub(channel), cashier)
                    .withDeadlineAfter(5, TimeUnit.MINUTES).uploadOfflineSales(UploadOfflineSalesRequest.newBuilder()
                            .setDeviceId("till-g1").addAllSales(sales.subList(from, from + 500)).build());
            recorded += response.getNewSales();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(recorded).isEqualTo(1000);
        System.out.printf("BENCH offline upload: 1000 sales (1000 tickets) recorded in %d ms (%.1f sales/s)%n", took.toMillis(),
                1000 / (took.toNanos() / 1e9));
        log.info("Uploaded 1000 offline sales in {} ms", took.toMillis());
        assertThat(backend.count("SELECT count(*) FROM payments.payments WHERE shift_id = '" + shift + "' AND offline")).isEqualTo(1000);
    }

    // ------------------------------------------------------------------------------ online buyers

    private void buyUntilSoldOut(Showtime show, AtomicInteger bought, ConcurrentLinkedQueue<String> unexpected) {
        String token = backend.tokens().customer();
        var reservations = TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), token);
        while (true) {
            List<String> free = new ArrayList<>(seatMap(show, SeatStatus.SEAT_FREE));
            if (free.isEmpty()) return;
            Collections.shuffle(free);
            List<String> pick = free.subList(0, Math.min(free.size(), 1 + RANDOM.nextInt(2)));
            HoldSeatsRequest.Builder hold = HoldSeatsRequest.newBuilder().setShowtimeId(show.getId())
                    .setIdempotencyKey(UUID.randomUUID().toString());
            pick.forEach(seat -> hold.addSeats(SeatSelection.newBuilder().setSeatId(seat)));
            try {
                var held = reservations.withDeadlineAfter(30, TimeUnit.SECONDS).holdSeats(hold.build());
                var result = reservations.withDeadlineAfter(30, TimeUnit.SECONDS).checkout(CheckoutRequest.newBuilder()
                        .setBookingId(held.getId()).setIdempotencyKey(UUID.randomUUID().toString())
                        .setPayment(PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber("4242424242424242")
                                .setExpiryMonth(12).setExpiryYear(2031).setCvc("123").setHolder("Online buyer"))).build());
                if (result.getOutcome() != CheckoutOutcome.COMPLETED) unexpected.add("checkout " + result.getOutcome());
                else bought.addAndGet(pick.size());
            } catch (StatusRuntimeException e) {
                String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
                if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION || !description.contains("seat taken")) {
                    unexpected.add(e.getStatus().getCode() + " " + description);
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ helpers

    private static OfflineSalesServiceGrpc.OfflineSalesServiceBlockingStub offline(String token) {
        return TestBackend.as(OfflineSalesServiceGrpc.newBlockingStub(channel), token).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static UploadOfflineSalesResponse upload(String token, String device, OfflineSale... sales) {
        return offline(token).uploadOfflineSales(UploadOfflineSalesRequest.newBuilder().setDeviceId(device).addAllSales(List.of(sales))
                .build());
    }

    private static String staff(Role role, Cinema cinema) {
        return backend.tokens().token(role, UUID.randomUUID().toString(), cinema.getId());
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair registerKey(String token, String device) {
        KeyPair key = newKey();
        var registered = TestBackend.as(TicketsServiceGrpc.newBlockingStub(channel), token).registerTerminalKey(
                RegisterTerminalKeyRequest.newBuilder().setDeviceId(device)
                        .setPublicKeyBase64(Base64.getEncoder().encodeToString(key.getPublic().getEncoded())).build());
        assertThat(registered.getKeyId()).hasSize(12).isEqualTo(TerminalQr.keyId(key.getPublic().getEncoded()));
        assertThat(registered.getDeviceId()).isEqualTo(device);
        return key;
    }

    private static String openShift(String token, String station) {
        return TestBackend.as(PaymentsServiceGrpc.newBlockingStub(channel), token).openShift(OpenShiftRequest.newBuilder()
                .setStationId(station).setOpeningFloat(Money.newBuilder().setAmountMinor(10000).setCurrency("EUR"))
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getId();
    }

    /** A cash sale of these seats at the allocation's ADULT price, signed with the terminal's key. */
    private static OfflineSale sale(Allocation allocation, List<String> seats, KeyPair key, String soldBy, String shift) {
        String code = newCode();
        long price = allocation.getPrices().getEntriesList().stream()
                .filter(e -> e.getTicketType() == TicketType.ADULT && e.getCategory() == SeatCategory.STANDARD)
                .findFirst().orElseThrow().getAmountMinor();
        long fee = allocation.getPrices().getBookingFeeMinor();
        OfflineSale.Builder sale = OfflineSale.newBuilder().setSaleId(UUID.randomUUID().toString())
                .setAllocationId(allocation.getAllocationId()).setBookingCode(code)
                .setBookingFee(Money.newBuilder().setAmountMinor(fee).setCurrency("EUR"))
                .setTotal(Money.newBuilder().setAmountMinor(price * seats.size() + fee).setCurrency("EUR"))
                .setPayment(OfflinePayment.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(price * seats.size() + fee)))
                .setSoldAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .setSoldBy(soldBy).setShiftId(shift);
        for (String seat : seats) {
            UUID ticket = UUID.randomUUID();
            String qr = TerminalQr.sign(new TerminalQr.Claims(ticket, UUID.fromString(allocation.getShowtimeId()),
                    allocation.getStartsAt().getSeconds(), code, seat), key.getPrivate(), key.getPublic());
            sale.addTickets(OfflineTicket.newBuilder().setTicketId(ticket.toString()).setSeatId(seat).setTicketType(TicketType.ADULT)
                    .setPrice(Money.newBuilder().setAmountMinor(price).setCurrency("EUR")).setQrPayload(qr));
        }
        return sale.build();
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        return code.toString();
    }

    private static Set<String> seats(Allocation allocation) {
        Set<String> out = new java.util.LinkedHashSet<>();
        allocation.getSeatsList().forEach(s -> out.add(s.getSeatId()));
        return out;
    }

    private static Set<String> seatMap(Showtime show, SeatStatus status) {
        String token = backend.tokens().customer();
        Set<String> out = new HashSet<>();
        for (SeatState state : TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), token)
                .getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(show.getId()).build()).getStatesList()) {
            if (state.getStatus() == status) out.add(state.getSeatId());
        }
        if (status == SeatStatus.SEAT_FREE) {
            // Free seats are not listed: every seat of the layout without a state.
            Set<String> all = new HashSet<>(HALL_SEATS.get(show.getHallId()));
            for (SeatState state : TestBackend.as(ReservationsServiceGrpc.newBlockingStub(channel), token)
                    .getSeatMap(GetSeatMapRequest.newBuilder().setShowtimeId(show.getId()).build()).getStatesList()) {
                if (state.getStatus() != SeatStatus.SEAT_FREE) all.remove(state.getSeatId());
            }
            out.addAll(all);
        }
        return out;
    }

    private static final Map<String, List<String>> HALL_SEATS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Cinema cinema(int offlineSeats, boolean noSingleSeat, int returnMinutes, int hoursAhead, long floorLimit) {
        return TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager).createCinema(CreateCinemaRequest.newBuilder()
                .setName("Offline " + UUID.randomUUID()).setAddress("1 Main Street").setCity("Berlin").setTimeZone("Europe/Berlin")
                .setCurrency("EUR").setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(10).setForbidSingleEmptySeat(noSingleSeat)
                        .setOfflineSeatsPerShowtime(offlineSeats).setOfflineReturnMinutesBefore(returnMinutes)
                        .setOfflineHoursAhead(hoursAhead).setOfflineCardFloorLimitMinor(floorLimit))
                .build());
    }

    private static Hall hall(Cinema cinema, int rows, int perRow) {
        SeatLayout.Builder layout = SeatLayout.newBuilder();
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            String label = String.valueOf((char) ('A' + r));
            Row.Builder row = Row.newBuilder().setLabel(label).setY(r);
            for (int n = 1; n <= perRow; n++) {
                row.addSeats(Seat.newBuilder().setId(label + n).setRow(label).setNumber(n).setX(n - 1).setWidth(1)
                        .setCategory(SeatCategory.STANDARD));
                ids.add(label + n);
            }
            layout.addRows(row);
        }
        Hall hall = TestBackend.as(TheatersServiceGrpc.newBlockingStub(channel), manager).createHall(CreateHallRequest.newBuilder()
                .setCinemaId(cinema.getId()).setName("Hall " + UUID.randomUUID().toString().substring(0, 8)).setLayout(layout).build());
        HALL_SEATS.put(hall.getId(), ids);
        return hall;
    }

    private static Showtime showtime(Hall hall, Instant start) {
        var movies = TestBackend.as(MoviesServiceGrpc.newBlockingStub(channel), manager);
        var movie = movies.createMovie(CreateMovieRequest.newBuilder().setTitle("Offline " + UUID.randomUUID().toString().substring(0, 8))
                .setRuntimeMinutes(100).setRating("12").addGenres("Drama").setSynopsis("A film.").setLanguage("en")
                .setReleaseDate("2024-05-01").build());
        return movies.createShowtime(CreateShowtimeRequest.newBuilder().setMovieId(movie.getId()).setHallId(hall.getId())
                .setStartsAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setPriceList(PriceList.newBuilder().setCurrency("EUR")
                        .addPrices(Price.newBuilder().setCategory(SeatCategory.STANDARD).setTicketType(TicketType.ADULT).setAmountMinor(1200)))
                .setFormat("2D").build());
    }

    private static Instant toInstant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
