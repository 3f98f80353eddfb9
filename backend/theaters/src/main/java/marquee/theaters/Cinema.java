package marquee.theaters;

import java.util.UUID;

/**
 * A cinema of the chain. As input to create or update, {@code id} is null and the fields are
 * unchecked; {@link TheatersService} validates them.
 */
public record Cinema(UUID id, String name, String address, String city, String timeZone, String currency,
                     int maxSeatsPerOrder, boolean forbidSingleEmptySeat) {

    /** Used when a request leaves max_seats_per_order at 0. */
    public static final int DEFAULT_MAX_SEATS_PER_ORDER = 10;
    public static final int MAX_SEATS_PER_ORDER = 50;

    public Cinema {
        name = name == null ? "" : name;
        address = address == null ? "" : address;
        city = city == null ? "" : city;
        timeZone = timeZone == null ? "" : timeZone;
        currency = currency == null ? "" : currency;
    }
}
