package marquee.platform.events;

/**
 * The event types, each with its payload message in {@code proto/.../events/v1/events.proto} and,
 * with Kafka, its own topic ({@code marquee.<type>}). Keys: the showtime id for showtime events,
 * the booking id for booking, payment and ticket events, the hall id for layouts, so one thing's
 * events of one type stay in order.
 */
public final class EventTypes {
    public static final String SHOWTIME_CREATED = "showtime.created";
    public static final String SHOWTIME_CHANGED = "showtime.changed";
    public static final String SHOWTIME_CANCELLED = "showtime.cancelled";
    public static final String BOOKING_CONFIRMED = "booking.confirmed";
    public static final String BOOKING_CANCELLED = "booking.cancelled";
    public static final String PAYMENT_SETTLED = "payment.settled";
    public static final String PAYMENT_REFUNDED = "payment.refunded";
    public static final String TICKETS_ISSUED = "tickets.issued";
    public static final String TICKETS_REVOKED = "tickets.revoked";
    public static final String HALL_LAYOUT_CHANGED = "hall.layout_changed";

    public static final java.util.List<String> ALL = java.util.List.of(SHOWTIME_CREATED, SHOWTIME_CHANGED, SHOWTIME_CANCELLED,
            BOOKING_CONFIRMED, BOOKING_CANCELLED, PAYMENT_SETTLED, PAYMENT_REFUNDED, TICKETS_ISSUED, TICKETS_REVOKED,
            HALL_LAYOUT_CHANGED);

    private EventTypes() {}
}
