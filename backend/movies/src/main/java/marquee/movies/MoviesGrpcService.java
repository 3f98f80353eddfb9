package marquee.movies;

import marquee.platform.grpc.ProtoTime;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import marquee.movies.v1.CancelShowtimeRequest;
import marquee.movies.v1.CreateMovieRequest;
import marquee.movies.v1.CreateShowtimeRequest;
import marquee.movies.v1.GetMovieRequest;
import marquee.movies.v1.GetShowtimeRequest;
import marquee.movies.v1.ListMoviesRequest;
import marquee.movies.v1.ListMoviesResponse;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.ListShowtimesResponse;
import marquee.movies.v1.Movie;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.movies.v1.Price;
import marquee.movies.v1.Showtime;
import marquee.movies.v1.ShowtimeStatus;
import marquee.movies.v1.UpdateMovieRequest;
import marquee.platform.auth.Auth;
import marquee.platform.errors.InvalidArgumentException;
import marquee.users.v1.Role;

/** Maps the movies contract onto {@link Catalog} and {@link Programme}; no rules live here. */
final class MoviesGrpcService extends MoviesServiceGrpc.MoviesServiceImplBase {
    /** The range of google.protobuf.Timestamp: 0001-01-01 to 9999-12-31. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private final Catalog catalog;
    private final Programme programme;

    MoviesGrpcService(Catalog catalog, Programme programme) {
        this.catalog = catalog;
        this.programme = programme;
    }

    @Override
    public void listMovies(ListMoviesRequest request, StreamObserver<ListMoviesResponse> response) {
        var movies = catalog.list(request.getCinemaId(), request.getDate());
        reply(response, ListMoviesResponse.newBuilder()
                .addAllMovies(movies.stream().map(MoviesGrpcService::toProto).toList()).build());
    }

    @Override
    public void getMovie(GetMovieRequest request, StreamObserver<Movie> response) {
        reply(response, toProto(catalog.get(request.getMovieId())));
    }

    @Override
    public void createMovie(CreateMovieRequest request, StreamObserver<Movie> response) {
        Auth.require(Role.MANAGER);
        reply(response, toProto(catalog.create(details("", request))));
    }

    @Override
    public void updateMovie(UpdateMovieRequest request, StreamObserver<Movie> response) {
        Auth.require(Role.MANAGER);
        if (!request.hasMovie()) throw new InvalidArgumentException("movie is required (the new values of the film)");
        MovieDetails details = details("movie.", request.getMovie());
        reply(response, toProto(catalog.update(request.getMovieId(), details)));
    }

    @Override
    public void listShowtimes(ListShowtimesRequest request, StreamObserver<ListShowtimesResponse> response) {
        var showtimes = programme.list(request.getCinemaId(), request.getDate(), request.getDays(), request.getMovieId(),
                request.getIncludeCancelled());
        reply(response, ListShowtimesResponse.newBuilder()
                .addAllShowtimes(showtimes.stream().map(MoviesGrpcService::toProto).toList()).build());
    }

    @Override
    public void getShowtime(GetShowtimeRequest request, StreamObserver<Showtime> response) {
        reply(response, toProto(programme.get(request.getShowtimeId())));
    }

    @Override
    public void createShowtime(CreateShowtimeRequest request, StreamObserver<Showtime> response) {
        var manager = Auth.require(Role.MANAGER);
        PriceList.Draft prices = null;
        if (request.hasPriceList()) {
            var list = request.getPriceList();
            prices = new PriceList.Draft(list.getCurrency(), list.getPricesList().stream()
                    .map(p -> new PriceEntry(p.getCategory(), p.getTicketType(), p.getAmountMinor())).toList(),
                    list.getBookingFeeMinor());
        }
        Instant startsAt = request.hasStartsAt() ? instant("starts_at", request.getStartsAt()) : null;
        reply(response, toProto(programme.schedule(manager, new Programme.Request(request.getMovieId(), request.getHallId(),
                startsAt, prices, request.getFormat()))));
    }

    @Override
    public void cancelShowtime(CancelShowtimeRequest request, StreamObserver<Showtime> response) {
        var manager = Auth.require(Role.MANAGER);
        reply(response, toProto(programme.cancel(manager, request.getShowtimeId())));
    }

    private static MovieDetails details(String prefix, CreateMovieRequest movie) {
        return MovieDetails.validate(prefix, movie.getTitle(), movie.getRuntimeMinutes(), movie.getRating(),
                movie.getGenresList(), movie.getSynopsis(), movie.getPosterUrl(), movie.getLanguage(), movie.getReleaseDate());
    }

    static Movie toProto(MovieEntity movie) {
        return Movie.newBuilder()
                .setId(movie.id().toString())
                .setTitle(movie.title())
                .setRuntimeMinutes(movie.runtimeMinutes())
                .setRating(movie.rating())
                .addAllGenres(movie.genres())
                .setSynopsis(movie.synopsis())
                .setPosterUrl(movie.posterUrl())
                .setLanguage(movie.language())
                .setReleaseDate(movie.releaseDate() == null ? "" : movie.releaseDate().toString())
                .build();
    }

    static Showtime toProto(ShowtimeEntity showtime) {
        PriceList prices = showtime.priceList();
        List<Price> entries = prices.prices().stream().map(p -> Price.newBuilder()
                .setCategory(p.category()).setTicketType(p.ticketType()).setAmountMinor(p.amountMinor()).build()).toList();
        return Showtime.newBuilder()
                .setId(showtime.id().toString())
                .setMovieId(showtime.movieId().toString())
                .setCinemaId(showtime.cinemaId().toString())
                .setHallId(showtime.hallId().toString())
                .setStartsAt(timestamp(showtime.startsAt()))
                .setEndsAt(timestamp(showtime.endsAt()))
                .setBusinessDate(showtime.businessDate().toString())
                .setPriceList(marquee.movies.v1.PriceList.newBuilder()
                        .setCurrency(prices.currency())
                        .addAllPrices(entries)
                        .setBookingFeeMinor(prices.bookingFeeMinor()))
                .setMovieTitle(showtime.movieTitle())
                .setHallName(showtime.hallName())
                .setStatus(showtime.status() == ShowtimeEntity.Status.SCHEDULED ? ShowtimeStatus.SCHEDULED : ShowtimeStatus.CANCELLED)
                .setFormat(showtime.format())
                .build();
    }

    private static Instant instant(String field, Timestamp timestamp) {
        if (timestamp.getSeconds() < MIN_SECONDS || timestamp.getSeconds() > MAX_SECONDS
                || timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
            throw new InvalidArgumentException(field + " is not a valid timestamp");
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static Timestamp timestamp(Instant instant) {
        return ProtoTime.timestamp(instant);
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
