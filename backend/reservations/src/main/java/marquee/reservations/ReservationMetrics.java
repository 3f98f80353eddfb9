package marquee.reservations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * What happened to seats, counted for Prometheus. Every method is called only after the
 * transaction that made it true has committed (a rolled-back hold is not a hold), except
 * {@link #seatConflict}, which counts a refusal: the refusal is the fact.
 *
 * <p>Scraped names: {@code marquee_reservations_holds_placed_total}, {@code …_holds_expired_total},
 * {@code …_holds_released_total}, {@code …_bookings_confirmed_total}, {@code …_seats_sold_total},
 * {@code …_seat_conflicts_total{stage="hold"|"sale"}},
 * {@code …_checkouts_total{outcome="COMPLETED"|"PAYMENT_DECLINED"|"REFUNDED"|"ABANDONED"|"PAYMENT_PENDING"}}.
 */
final class ReservationMetrics {
    /** Counts into a registry nobody scrapes (for code paths built without a runtime). */
    static final ReservationMetrics NONE = new ReservationMetrics(new SimpleMeterRegistry());

    /** Why a checkout call ended, beyond the three answers of {@link Checkout.Outcome}. */
    enum CheckoutEnd { COMPLETED, PAYMENT_DECLINED, REFUNDED, ABANDONED, PAYMENT_PENDING }

    private final Counter holdsPlaced;
    private final Counter seatsHeld;
    private final Counter holdsExpired;
    private final Counter holdsReleased;
    private final Counter bookingsConfirmed;
    private final Counter seatsSold;
    private final Counter conflictsAtHold;
    private final Counter conflictsAtSale;
    private final Map<CheckoutEnd, Counter> checkouts = new EnumMap<>(CheckoutEnd.class);

    ReservationMetrics(MeterRegistry registry) {
        holdsPlaced = counter(registry, "marquee.reservations.holds.placed", "Holds placed (committed)");
        seatsHeld = counter(registry, "marquee.reservations.seats.held", "Seats in holds placed");
        holdsExpired = counter(registry, "marquee.reservations.holds.expired",
                "Holds that ran out (swept, or found run out when released)");
        holdsReleased = counter(registry, "marquee.reservations.holds.released", "Holds given up by their holder or staff");
        bookingsConfirmed = counter(registry, "marquee.reservations.bookings.confirmed", "Bookings sold (paid and confirmed)");
        seatsSold = counter(registry, "marquee.reservations.seats.sold", "Seats sold");
        conflictsAtHold = Counter.builder("marquee.reservations.seat.conflicts").tag("stage", "hold")
                .description("Holds or sales refused because a seat belonged to someone else").register(registry);
        conflictsAtSale = Counter.builder("marquee.reservations.seat.conflicts").tag("stage", "sale")
                .description("Holds or sales refused because a seat belonged to someone else").register(registry);
        for (CheckoutEnd end : CheckoutEnd.values()) {
            checkouts.put(end, Counter.builder("marquee.reservations.checkouts").tag("outcome", end.name())
                    .description("Checkout calls and reconciled checkouts, by how they ended").register(registry));
        }
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void holdPlaced(int seats) {
        holdsPlaced.increment();
        seatsHeld.increment(seats);
    }

    void holdsExpired(int count) {
        if (count > 0) holdsExpired.increment(count);
    }

    void holdReleased() {
        holdsReleased.increment();
    }

    void sold(int seats) {
        bookingsConfirmed.increment();
        seatsSold.increment(seats);
    }

    void seatConflict(boolean atSale) {
        (atSale ? conflictsAtSale : conflictsAtHold).increment();
    }

    void checkout(CheckoutEnd end) {
        checkouts.get(end).increment();
    }

    void checkout(Checkout.Outcome outcome) {
        checkout(CheckoutEnd.valueOf(outcome.name()));
    }
}
