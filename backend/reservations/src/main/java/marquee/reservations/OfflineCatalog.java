package marquee.reservations;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Showtime;
import marquee.movies.v1.ShowtimeStatus;
import marquee.platform.errors.NotFoundException;
import marquee.platform.grpc.Channels;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;

/** What offline allocations need from movies and theaters beyond one showtime: the cinema and its upcoming showtimes. */
class OfflineCatalog {
    private final Channel movies;
    private final Channel theaters;

    OfflineCatalog(Channel movies, Channel theaters) {
        this.movies = movies;
        this.theaters = theaters;
    }

    Cinema cinema(UUID cinemaId) {
        try {
            return TheatersServiceGrpc.newBlockingStub(theaters).withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getCinema(GetCinemaRequest.newBuilder().setCinemaId(cinemaId.toString()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) throw new NotFoundException("there is no cinema " + cinemaId);
            throw e;
        }
    }

    /** Scheduled showtimes of the cinema starting after {@code from} and at most {@code to}, by start. */
    List<UUID> upcoming(Cinema cinema, Instant from, Instant to) {
        ZoneId zone;
        try {
            zone = ZoneId.of(cinema.getTimeZone());
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        // Business dates: a late show may belong to the day before.
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        int days = (int) Math.min(14, java.time.temporal.ChronoUnit.DAYS.between(first, to.atZone(zone).toLocalDate()) + 1);
        List<UUID> out = new ArrayList<>();
        for (Showtime s : MoviesServiceGrpc.newBlockingStub(movies).withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinema.getId()).setDate(first.toString())
                        .setDays(Math.max(1, days)).build()).getShowtimesList()) {
            if (s.getStatus() != ShowtimeStatus.SCHEDULED) continue;
            Instant start = Instant.ofEpochSecond(s.getStartsAt().getSeconds(), s.getStartsAt().getNanos());
            if (start.isAfter(from) && !start.isAfter(to)) out.add(UUID.fromString(s.getId()));
        }
        return out;
    }
}
