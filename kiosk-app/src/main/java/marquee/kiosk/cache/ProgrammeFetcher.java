package marquee.kiosk.cache;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.ShowtimeInfo;

/** Reads the programme the offline kiosk needs (today and the next days) from the backend. */
public final class ProgrammeFetcher {
    private ProgrammeFetcher() {}

    /**
     * Cinema, films and showtimes of {@code days} business days from today in the cinema's zone,
     * with each showtime's seat map (layout and prices; seat states as of now).
     */
    public static Programme fetch(BackendClient backend, CinemaInfo cinema, int days, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(cinema.timeZone())));
        List<ShowtimeInfo> showtimes = new ArrayList<>();
        for (int day = 0; day < days; day++) showtimes.addAll(backend.showtimes(cinema.id(), today.plusDays(day)));
        Map<String, SeatMap> maps = new LinkedHashMap<>();
        for (ShowtimeInfo showtime : showtimes) maps.put(showtime.id(), backend.seatMap(showtime.id()));
        return new Programme(cinema, backend.films(cinema.id(), today, days), showtimes, maps, clock.instant());
    }
}
