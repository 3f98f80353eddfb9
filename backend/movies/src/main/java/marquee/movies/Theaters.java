package marquee.movies;

import java.time.ZoneId;
import java.util.UUID;

/** What this service needs to know about cinemas and halls, which the theaters service owns. */
interface Theaters {
    /** The hall; NotFoundException when there is none. */
    Hall hall(UUID hallId);

    /** The cinema; NotFoundException when there is none. */
    Cinema cinema(UUID cinemaId);

    record Hall(UUID id, UUID cinemaId, String name) {}

    record Cinema(UUID id, String name, ZoneId zone, String currency) {}
}
