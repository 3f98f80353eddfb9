package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.cash;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import marquee.common.v1.Money;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.BookingStatus;
import marquee.reservations.v1.PaymentMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: reservations' checkout sends the booking with the charge, so payments takes the
 * amount from it without calling reservations back. Such a booking is believed only from the
 * reservations service (its payments.charge scope); the person paying is named by their own token,
 * and their rights decide as if they had called.
 */
class BookingSnapshotTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    /** A held booking that only the snapshot knows (the stand-in reservations service does not). */
    private static Booking snapshot(String cinemaId, String userId, long totalMinor) {
        return Booking.newBuilder().setId(UUID.randomUUID().toString()).setCode("SNP234").setCinemaId(cinemaId)
                .setUserId(userId).setStatus(BookingStatus.BOOKING_HELD)
                .setTotal(Money.newBuilder().setAmountMinor(totalMinor).setCurrency("EUR"))
                .addLines(BookingLine.newBuilder().setSeatId("A1")).addLines(BookingLine.newBuilder().setSeatId("A2"))
                .setExpiresAt(ProtoTime.timestamp(Instant.now().plus(Duration.ofMinutes(8)))).build();
    }

    private static ChargeRequest charge(Booking booking, PaymentMethod method, String payerToken, String key) {
        return ChargeRequest.newBuilder().setBookingId(booking.getId()).setMethod(method).setIdempotencyKey(key)
                .setBooking(booking).setPayerToken(payerToken).build();
    }

    private static String cinema() {
        return fixture.cinemaId;
    }

    @Test
    void reservationsChargesTheBookingItSendsForThePayerWithoutBeingAskedBack() {
        String user = UUID.randomUUID().toString();
        Booking booking = snapshot(cinema(), user, 2350);
        String key = key();

        Payment paid = fixture.payments(fixture.service()).charge(charge(booking, card(Fixture.VISA), fixture.customer(user), key));

        assertThat(paid.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(paid.getAmount().getAmountMinor()).isEqualTo(2350);
        assertThat(paid.getTakenBy()).as("the payer, not the service").isEqualTo(user);
        assertThat(paid.getSeatCount()).isEqualTo(2);
        // A retry (even after the booking was sold) answers with the same payment.
        Booking sold = booking.toBuilder().setStatus(BookingStatus.BOOKING_CONFIRMED).build();
        assertThat(fixture.payments(fixture.service()).charge(charge(sold, card(Fixture.VISA), fixture.customer(user), key)))
                .isEqualTo(paid);
        assertThat(fixture.count("SELECT count(*) FROM payments.payments WHERE booking_id = '" + booking.getId() + "'")).isEqualTo(1);
    }

    @Test
    void aBookingSentByAnyoneButReservationsIsRefused() {
        String user = UUID.randomUUID().toString();
        // The customer's real booking costs 1500; a forged snapshot says 1 cent.
        String real = fixture.heldBooking(user, 1500);
        Booking forged = snapshot(cinema(), user, 1).toBuilder().setId(real).build();
        for (String token : new String[] {fixture.customer(user), fixture.cashierOnShift(), fixture.kiosk(),
                fixture.manager(), fixture.backend.tokens().token(marquee.users.v1.Role.SERVICE, "service:tickets", "")}) {
            fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only the reservations service may send the booking",
                    () -> fixture.payments(token).charge(charge(forged, card(Fixture.VISA), "", key())));
        }
    }

    @Test
    void thePayersOwnRightsStillDecide() {
        String owner = UUID.randomUUID().toString();
        Booking booking = snapshot(cinema(), owner, 1200);
        // Another customer's token: not their booking.
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only your own bookings", () -> fixture.payments(fixture.service())
                .charge(charge(booking, card(Fixture.VISA), fixture.customer(UUID.randomUUID().toString()), key())));
        // A customer cannot pay cash, whoever forwards the call.
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "cash", () -> fixture.payments(fixture.service())
                .charge(charge(booking, cash(2000), fixture.customer(owner), key())));
        // A broken payer token is refused as such.
        fixture.assertFailsWithoutChange(Code.UNAUTHENTICATED, "", () -> fixture.payments(fixture.service())
                .charge(charge(booking, card(Fixture.VISA), "not-a-token", key())));
        // The snapshot must be of the booking being paid, and still held.
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "booking.id", () -> fixture.payments(fixture.service())
                .charge(charge(booking, card(Fixture.VISA), fixture.customer(owner), key()).toBuilder()
                        .setBookingId(UUID.randomUUID().toString()).build()));
        Booking expired = booking.toBuilder().setExpiresAt(ProtoTime.timestamp(Instant.now().minusSeconds(5))).build();
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "hold expired", () -> fixture.payments(fixture.service())
                .charge(charge(expired, card(Fixture.VISA), fixture.customer(owner), key())));
    }
}
