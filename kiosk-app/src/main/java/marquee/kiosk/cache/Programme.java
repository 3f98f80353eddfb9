package marquee.kiosk.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.ShowtimeInfo;

/**
 * What the kiosk shows while the backend is away: its cinema, films, showtimes and their seat
 * layouts (seat states in a cached map are as old as {@code savedAt}; offline nothing is sold).
 */
public record Programme(CinemaInfo cinema, List<FilmInfo> films, List<ShowtimeInfo> showtimes, Map<String, SeatMap> seatMaps,
                        Instant savedAt) {
    public Programme {
        films = List.copyOf(films);
        showtimes = List.copyOf(showtimes);
        seatMaps = Map.copyOf(seatMaps);
        // The cache keeps milliseconds; a programme reads back equal to the one saved.
        savedAt = savedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
