package marquee.theaters;

import java.util.UUID;

/**
 * A cinema of the chain. As input to create or update, {@code id} is null and the fields are
 * unchecked; {@link TheatersService} validates them.
 */
public record Cinema(UUID id, String name, String address, String city, String timeZone, String currency,
                     int maxSeatsPerOrder, boolean forbidSingleEmptySeat, Offline offline) {

    /**
     * How the cinema sells offline (SalesRules 220-224): seats per terminal and showtime (0 = the
     * reservations service's default, -1 = off), kiosks too, the card floor limit in minor units
     * (0 = cash only), minutes before the start at which allocations return and hours ahead (0 =
     * defaults).
     */
    public record Offline(int seatsPerShowtime, boolean kiosksAllowed, long cardFloorLimitMinor, int returnMinutesBefore,
                          int hoursAhead) {
        public static final Offline DEFAULTS = new Offline(0, false, 0, 0, 0);
    }

    public Cinema(UUID id, String name, String address, String city, String timeZone, String currency,
                  int maxSeatsPerOrder, boolean forbidSingleEmptySeat) {
        this(id, name, address, city, timeZone, currency, maxSeatsPerOrder, forbidSingleEmptySeat, Offline.DEFAULTS);
    }

    /** Used when a request leaves max_seats_per_order at 0. */
    public static final int DEFAULT_MAX_SEATS_PER_ORDER = 10;
    public static final int MAX_SEATS_PER_ORDER = 50;

    public Cinema {
        name = name == null ? "" : name;
        address = address == null ? "" : address;
        city = city == null ? "" : city;
        timeZone = timeZone == null ? "" : timeZone;
        currency = currency == null ? "" : currency;
        offline = offline == null ? Offline.DEFAULTS : offline;
    }
}
