package marquee.reservations;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.GetShowtimeRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Showtime;
import marquee.movies.v1.ShowtimeStatus;
import marquee.platform.errors.NotFoundException;
import marquee.platform.grpc.Channels;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.GetHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.TheatersServiceGrpc;

/** {@link Venue} over the movies and theaters gRPC APIs (the caller's token travels on). */
final class GrpcVenue implements Venue {
    private final MoviesServiceGrpc.MoviesServiceBlockingStub movies;
    private final TheatersServiceGrpc.TheatersServiceBlockingStub theaters;
    private final java.time.Duration theatersCacheTtl;
    /**
     * Hall layouts and cinema rules, kept for a short while: a layout of 1,000 seats is read and
     * sent for every hold otherwise, and halls change rarely.
     */
    private final java.util.Map<String, Cached<Hall>> halls = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Cached<Cinema>> cinemas = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Showtime snapshots (start, hall, prices, status) for holds, seat maps and sales: a hold then
     * needs no call to movies. Every instance drops a snapshot when movies announces a change of the
     * showtime (ShowtimeEventsConsumer's broadcast listener); {@code showtimeCacheTtl} only bounds
     * how long a snapshot lives should an announcement be missed.
     */
    private final java.util.Map<String, Cached<Showtime>> showtimes = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.time.Duration showtimeCacheTtl;

    private record Cached<T>(T value, Instant until) {}

    GrpcVenue(Channel movies, Channel theaters, java.time.Duration theatersCacheTtl) {
        this(movies, theaters, theatersCacheTtl, java.time.Duration.ofSeconds(5));
    }

    GrpcVenue(Channel movies, Channel theaters, java.time.Duration theatersCacheTtl, java.time.Duration showtimeCacheTtl) {
        this.movies = MoviesServiceGrpc.newBlockingStub(movies);
        this.theaters = TheatersServiceGrpc.newBlockingStub(theaters);
        this.theatersCacheTtl = theatersCacheTtl;
        this.showtimeCacheTtl = showtimeCacheTtl;
    }

    private <T> T cached(java.util.Map<String, Cached<T>> cache, String key, java.util.function.Supplier<T> load) {
        return cached(cache, key, load, theatersCacheTtl);
    }

    private static <T> T cached(java.util.Map<String, Cached<T>> cache, String key, java.util.function.Supplier<T> load,
                                java.time.Duration ttl) {
        Cached<T> hit = cache.get(key);
        Instant now = Instant.now();
        if (hit != null && now.isBefore(hit.until())) return hit.value();
        T value = load.get();
        if (cache.size() > 10_000) cache.clear();
        if (!ttl.isZero() && !ttl.isNegative()) cache.put(key, new Cached<>(value, now.plus(ttl)));
        return value;
    }

    @Override
    public void forget(UUID showtimeId) {
        showtimes.remove(showtimeId.toString()); // movies' showtime events (ShowtimeEventsConsumer)
    }

    @Override
    public void forgetHall(String hallId) {
        halls.remove(hallId); // theaters' hall.layout_changed (ShowtimeEventsConsumer)
    }

    @Override
    public Show show(UUID showtimeId) {
        Showtime showtime;
        try {
            showtime = cached(showtimes, showtimeId.toString(), () -> movies.withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS).getShowtime(GetShowtimeRequest.newBuilder().setShowtimeId(showtimeId.toString()).build()),
                    showtimeCacheTtl);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("showtime_id: there is no showtime " + showtimeId);
            }
            throw e;
        }
        Hall hall;
        Cinema cinema;
        try {
            hall = cached(halls, showtime.getHallId(), () -> theaters.withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getHall(GetHallRequest.newBuilder().setHallId(showtime.getHallId()).build()));
            cinema = cached(cinemas, showtime.getCinemaId(), () -> theaters.withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getCinema(GetCinemaRequest.newBuilder().setCinemaId(showtime.getCinemaId()).build()));
        } catch (StatusRuntimeException e) {
            // The showtime exists, so a missing hall or cinema is an inconsistency between services.
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("the hall or cinema of showtime " + showtimeId + " no longer exists");
            }
            throw e;
        }
        Instant startsAt = Instant.ofEpochSecond(showtime.getStartsAt().getSeconds(), showtime.getStartsAt().getNanos());
        return new Show(showtimeId, UUID.fromString(showtime.getCinemaId()), showtime.getMovieTitle(),
                hall.getName(), startsAt, showtime.getStatus() == ShowtimeStatus.SCHEDULED, hall,
                cinema.getSalesRules(), showtime.getPriceList());
    }
}
