package marquee.tickets;

import java.util.UUID;

/** Read access to bookings, owned by the reservations service. */
interface Bookings {
    /** The booking by id, asked as this service itself (the caller is authorized afterwards). NotFoundException if unknown. */
    BookingInfo byId(UUID bookingId);

    /** The booking by code, asked as the caller, so the reservations service's visibility rules apply. */
    BookingInfo byCode(String code);
}
