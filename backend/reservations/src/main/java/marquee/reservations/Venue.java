package marquee.reservations;

import java.time.Instant;
import java.util.UUID;
import marquee.movies.v1.PriceList;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.SalesRules;

/** What this service needs from movies and theaters about one showtime: film, hall, prices, rules. */
interface Venue {
    /**
     * The showtime with its hall and cinema rules; NotFoundException when there is none. A snapshot,
     * dropped when movies or theaters announce a change ({@link #forget}, {@link #forgetHall}); the
     * database has the last word on a sale of a cancelled showtime (V9).
     */
    Show show(UUID showtimeId);

    /** Drops a cached snapshot of the showtime (it changed); the next read asks its owner. */
    default void forget(UUID showtimeId) {}

    /** Drops a cached hall layout (theaters changed it). */
    default void forgetHall(String hallId) {}

    /** Everything a hold or a seat map needs, read from the owning services. */
    record Show(UUID showtimeId, UUID cinemaId, String movieTitle, String hallName, Instant startsAt,
                boolean scheduled, Hall hall, SalesRules rules, PriceList prices) {}
}
