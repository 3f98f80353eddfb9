package marquee.kiosk.backend;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the kiosk's screens need from the backend, in the kiosk's own terms (no gRPC types). */
public interface BackendClient extends AutoCloseable {

    record CinemaInfo(String id, String name, String timeZone) {}

    record ShowtimeInfo(String id, String movieTitle, String hallName, Instant startsAt, String format) {}

    /** Signs in as the kiosk device; later calls carry its token. */
    void signIn(String deviceId, String secret);

    /** The cinema the device belongs to. */
    CinemaInfo cinema();

    List<ShowtimeInfo> showtimes(String cinemaId, LocalDate date);

    @Override
    void close();
}
