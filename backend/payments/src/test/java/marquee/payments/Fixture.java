package marquee.payments;


import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import marquee.common.v1.Money;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.RefundRequest;
import marquee.platform.ServiceModules;
import marquee.platform.grpc.ProtoTime;
import marquee.platform.testing.GrpcAssertions;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.CardDetails;
import marquee.reservations.v1.CashDetails;
import marquee.reservations.v1.PaymentMethod;
import marquee.users.v1.Role;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The real users and payments services on a fresh database, with a {@link ReservationsStandIn}
 * answering GetBooking; bookings, tokens and calls for tests.
 */
final class Fixture implements AutoCloseable {
    static final String VISA = "4242 4242 4242 4242";
    static final String MASTERCARD = "5555 5555 5555 4444";
    static final String DECLINED = "4000 0000 0000 0002";
    static final String INSUFFICIENT = "4000 0000 0000 9995";
    static final String TIMEOUT = "4000 0000 0000 0119";
    static final String CVC = "737";

    final ReservationsStandIn reservations;
    final TestBackend backend;
    final String cinemaId = UUID.randomUUID().toString();

    Fixture(Map<String, String> settings) {
        reservations = new ReservationsStandIn();
        Map<String, String> all = new HashMap<>();
        all.put("marquee.reservations.address", "localhost:" + reservations.port());
        all.put("marquee.payments.gateway.timeout", "PT0.3S");
        all.putAll(settings);
        TestBackend started;
        try {
            started = TestBackend.start(all, ServiceModules.byName("users", "payments"));
        } catch (RuntimeException e) {
            reservations.close();
            throw e;
        }
        backend = started;
    }

    Fixture() {
        this(Map.of());
    }

    @Override
    public void close() {
        backend.close();
        reservations.close();
    }

    String customer(String userId) {
        return backend.tokens().token(Role.CUSTOMER, userId, "");
    }

    String cashier() {
        return backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), cinemaId);
    }

    String cashier(String userId) {
        return backend.tokens().token(Role.CASHIER, userId, cinemaId);
    }

    /** A cashier (token) who has opened a shift with a float of 100.00 EUR. */
    String cashierOnShift() {
        String token = cashier();
        openShift(token, 10000);
        return token;
    }

    marquee.payments.v1.Shift openShift(String token, long floatMinor) {
        return payments(token).openShift(marquee.payments.v1.OpenShiftRequest.newBuilder()
                .setStationId("till-" + UUID.randomUUID())
                .setOpeningFloat(Money.newBuilder().setAmountMinor(floatMinor).setCurrency("EUR"))
                .setIdempotencyKey(key()).build());
    }

    /** A manager's approval token as UsersService/ApproveOverride signs it, given to {@code cashierId}. */
    String approval(String managerId, String action, String subject, String cashierId) {
        return backend.tokens().approval(managerId, cinemaId, action, subject, cashierId, Duration.ofMinutes(2));
    }

    String manager() {
        return backend.tokens().token(Role.MANAGER, UUID.randomUUID().toString(), cinemaId);
    }

    String kiosk() {
        return backend.tokens().token(Role.KIOSK, UUID.randomUUID().toString(), cinemaId);
    }

    String service() {
        return backend.tokens().token(Role.SERVICE, "service:reservations", "");
    }

    /** A held booking of {@code userId} in the fixture's cinema, expiring in eight minutes. */
    String heldBooking(String userId, long totalMinor) {
        return booking(userId, totalMinor, BookingStatus.BOOKING_HELD, Instant.now().plus(Duration.ofMinutes(8)));
    }

    String booking(String userId, long totalMinor, BookingStatus status, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        reservations.bookings.put(id, Booking.newBuilder().setId(id).setCode("ABC234").setCinemaId(cinemaId)
                .setUserId(userId).setStatus(status)
                .setTotal(Money.newBuilder().setAmountMinor(totalMinor).setCurrency("EUR"))
                .addLines(marquee.reservations.v1.BookingLine.newBuilder().setSeatId("A1"))
                .addLines(marquee.reservations.v1.BookingLine.newBuilder().setSeatId("A2"))
                .setExpiresAt(ProtoTime.timestamp(expiresAt)).build());
        return id;
    }

    void setStatus(String bookingId, BookingStatus status) {
        reservations.bookings.computeIfPresent(bookingId, (id, b) -> b.toBuilder().setStatus(status).build());
    }

    PaymentsServiceGrpc.PaymentsServiceBlockingStub payments(String token) {
        return TestBackend.as(PaymentsServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    static PaymentMethod card(String number) {
        return card(number, 12, Instant.now().atZone(java.time.ZoneOffset.UTC).getYear() + 2, CVC);
    }

    static PaymentMethod card(String number, int month, int year, String cvc) {
        return PaymentMethod.newBuilder().setCard(CardDetails.newBuilder().setNumber(number).setExpiryMonth(month)
                .setExpiryYear(year).setCvc(cvc).setHolder("A. Customer")).build();
    }

    static PaymentMethod cash(long tenderedMinor) {
        return PaymentMethod.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(tenderedMinor)).build();
    }

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    Payment charge(String token, String bookingId, PaymentMethod method, String key) {
        return payments(token).charge(ChargeRequest.newBuilder().setBookingId(bookingId).setMethod(method)
                .setIdempotencyKey(key).build());
    }

    /** A customer's approved VISA payment of {@code totalMinor}. */
    Payment paidByCard(String userId, long totalMinor) {
        return charge(customer(userId), heldBooking(userId, totalMinor), card(VISA), key());
    }

    static RefundRequest.Builder refund(String paymentId, long amountMinor) {
        return RefundRequest.newBuilder().setPaymentId(paymentId).setAmountMinor(amountMinor).setReason("customer asked")
                .setIdempotencyKey(key());
    }

    /** The call fails with {@code code} and a message containing {@code messagePart}. */
    static StatusRuntimeException assertFails(Status.Code code, String messagePart, ThrowingCallable call) {
        return GrpcAssertions.assertFails(code, messagePart, call);
    }

    /** Like {@link #assertFails}, and the payments schema is exactly as before the call. */
    void assertFailsWithoutChange(Status.Code code, String messagePart, ThrowingCallable call) {
        GrpcAssertions.assertFailsWithoutChange(backend, "payments", code, messagePart, call);
    }

    long count(String sql) {
        return backend.count(sql);
    }
}
