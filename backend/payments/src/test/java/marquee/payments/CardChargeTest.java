package marquee.payments;

import static marquee.payments.Fixture.card;
import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentMethodKind;
import marquee.payments.v1.PaymentStatus;
import marquee.platform.auth.TokenVerifier;
import marquee.reservations.v1.BookingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CardChargeTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void aVisaTestCardIsApprovedForTheBookingTotalKeepingOnlyBrandLastFourAndReference() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 2450);

        Payment payment = fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key());

        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(payment.getMethod()).isEqualTo(PaymentMethodKind.CARD);
        assertThat(payment.getAmount().getAmountMinor()).isEqualTo(2450);
        assertThat(payment.getAmount().getCurrency()).isEqualTo("EUR");
        assertThat(payment.getCardBrand()).isEqualTo("VISA");
        assertThat(payment.getCardLast4()).isEqualTo("4242");
        assertThat(payment.getGatewayReference()).startsWith("sim_");
        assertThat(payment.getDeclineReason()).isEmpty();
        assertThat(payment.getTakenBy()).isEqualTo(user);
        assertThat(payment.getCinemaId()).isEqualTo(fixture.cinemaId);
        assertThat(payment.getBookingId()).isEqualTo(booking);
    }

    @Test
    void theMastercardTestCardIsApprovedAsMastercard() {
        String user = UUID.randomUUID().toString();
        Payment payment = fixture.charge(fixture.customer(user), fixture.heldBooking(user, 900), card(Fixture.MASTERCARD), key());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(payment.getCardBrand()).isEqualTo("MASTERCARD");
        assertThat(payment.getCardLast4()).isEqualTo("4444");
    }

    @Test
    void theDeclineTestCardIsDeclinedInPlainWords() {
        String user = UUID.randomUUID().toString();
        Payment payment = fixture.charge(fixture.customer(user), fixture.heldBooking(user, 900), card(Fixture.DECLINED), key());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment.getDeclineReason()).isEqualTo("card declined");
        assertThat(payment.getCardLast4()).isEqualTo("0002");
    }

    @Test
    void theInsufficientFundsTestCardIsDeclinedForInsufficientFunds() {
        String user = UUID.randomUUID().toString();
        Payment payment = fixture.charge(fixture.customer(user), fixture.heldBooking(user, 900), card(Fixture.INSUFFICIENT), key());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment.getDeclineReason()).isEqualTo("insufficient funds");
    }

    @Test
    void theAmountIsAlwaysTheBookingTotalReadFromReservationsWithTheServiceIdentity() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 1337);
        // The request carries no amount at all; even unknown fields a client might add are ignored.
        ChargeRequest request = ChargeRequest.newBuilder().setBookingId(booking).setMethod(card(Fixture.VISA))
                .setIdempotencyKey(key())
                .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(99, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
                .build();
        fixture.reservations.authorizations.clear();

        Payment payment = fixture.payments(fixture.customer(user)).charge(request);

        assertThat(payment.getAmount().getAmountMinor()).isEqualTo(1337);
        assertThat(fixture.count("SELECT amount_minor FROM payments.payments WHERE id = '" + payment.getId() + "'")).isEqualTo(1337);
        assertThat(fixture.count("SELECT amount_minor FROM payments.gateway_ledger WHERE reference = '" + payment.getId() + "'"))
                .isEqualTo(1337);
        String header = fixture.reservations.authorizations.get(0);
        var verifier = TokenVerifier.fromConfig(fixture.backend.runtime().config());
        assertThat(verifier.verify(header.substring("Bearer ".length())).isService()).isTrue();
    }

    @Test
    void aCardNumberFailingTheCheckDigitIsRefusedWithoutStoringAnything() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 900);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "card number fails the check digit",
                () -> fixture.charge(fixture.customer(user), booking, card("4242 4242 4242 4241"), key()));
    }

    @Test
    void anExpiredCardIsRefusedNamingItsExpiry() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 900);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "card expired 03/2024",
                () -> fixture.charge(fixture.customer(user), booking, card(Fixture.VISA, 3, 2024, "123"), key()));
    }

    @Test
    void aCardExpiringThisMonthIsStillAccepted() {
        String user = UUID.randomUUID().toString();
        var now = Instant.now().atZone(ZoneOffset.UTC);
        Payment payment = fixture.charge(fixture.customer(user), fixture.heldBooking(user, 900),
                card(Fixture.VISA, now.getMonthValue(), now.getYear(), "123"), key());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
    }

    @Test
    void badCvcMonthLengthAndLettersAreRefusedWithoutStoringAnything() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 900);
        String customer = fixture.customer(user);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "cvc must be 3 or 4 digits",
                () -> fixture.charge(customer, booking, card(Fixture.VISA, 12, 2099, "12"), key()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "cvc must be 3 or 4 digits",
                () -> fixture.charge(customer, booking, card(Fixture.VISA, 12, 2099, "12a"), key()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "expiry_month must be between 1 and 12",
                () -> fixture.charge(customer, booking, card(Fixture.VISA, 13, 2099, "123"), key()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "12 to 19 digits",
                () -> fixture.charge(customer, booking, card("4242 4242 42", 12, 2099, "123"), key()));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "only digits",
                () -> fixture.charge(customer, booking, card("4242-4242-4242-4242", 12, 2099, "123"), key()));
    }

    @Test
    void aMissingOrOutOfRangeIdempotencyKeyIsRefused() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(user, 900);
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "idempotency_key is required",
                () -> fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), ""));
        fixture.assertFailsWithoutChange(Code.INVALID_ARGUMENT, "8 to 100 characters",
                () -> fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), "short"));
    }

    @Test
    void anExpiredHoldIsNotCharged() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.booking(user, 900, BookingStatus.BOOKING_HELD, Instant.now().minusSeconds(5));
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "hold expired",
                () -> fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key()));
        assertThat(fixture.count("SELECT count(*) FROM payments.gateway_ledger")).isEqualTo(
                fixture.count("SELECT count(*) FROM payments.payments WHERE method = 'CARD'"));
    }

    @Test
    void aConfirmedBookingIsNotChargedAgain() {
        String user = UUID.randomUUID().toString();
        String booking = fixture.booking(user, 900, BookingStatus.BOOKING_CONFIRMED, Instant.now().plusSeconds(300));
        fixture.assertFailsWithoutChange(Code.FAILED_PRECONDITION, "not held",
                () -> fixture.charge(fixture.customer(user), booking, card(Fixture.VISA), key()));
    }

    @Test
    void anUnknownBookingIsNotFound() {
        String user = UUID.randomUUID().toString();
        fixture.assertFailsWithoutChange(Code.NOT_FOUND, "no booking",
                () -> fixture.charge(fixture.customer(user), UUID.randomUUID().toString(), card(Fixture.VISA), key()));
    }

    @Test
    void someoneElsesBookingCannotBePaidByACustomerButByAKioskOfItsCinema() {
        String owner = UUID.randomUUID().toString();
        String booking = fixture.heldBooking(owner, 900);
        fixture.assertFailsWithoutChange(Code.PERMISSION_DENIED, "only your own bookings",
                () -> fixture.charge(fixture.customer(UUID.randomUUID().toString()), booking, card(Fixture.VISA), key()));
        Payment payment = fixture.charge(fixture.kiosk(), booking, card(Fixture.VISA), key());
        assertThat(payment.getStatus()).isEqualTo(PaymentStatus.APPROVED);
    }

    @Test
    void anAnonymousCallerIsAskedToSignIn() {
        String booking = fixture.heldBooking(UUID.randomUUID().toString(), 900);
        Fixture.assertFails(Code.UNAUTHENTICATED, "Sign in",
                () -> fixture.charge(null, booking, card(Fixture.VISA), key()));
    }
}
