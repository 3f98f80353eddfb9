package marquee.movies;

import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import marquee.platform.config.Config;

/** Films and the programme (showtimes). Asks the theaters service about halls and cinemas. */
public final class MoviesModule implements ServiceModule {
    /** Time to clean the hall after a film; part of every showtime's end. */
    static final Duration DEFAULT_CLEANING_BUFFER = Duration.ofMinutes(20);
    /** How far ahead a showtime may be scheduled. */
    static final Duration DEFAULT_HORIZON = Duration.ofDays(730);

    public MoviesModule() {}

    @Override
    public String name() {
        return "movies";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(MovieEntity.class, ShowtimeEntity.class);
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        Config config = context.config();
        Programme.Settings settings = new Programme.Settings(
                config.getDuration("marquee.movies.cleaning.buffer", DEFAULT_CLEANING_BUFFER),
                config.getDuration("marquee.movies.schedule.grace", Duration.ZERO),
                config.getDuration("marquee.movies.schedule.horizon", DEFAULT_HORIZON));
        Theaters theaters = new GrpcTheaters(context.channels().to("theaters"));
        Clock clock = Clock.systemUTC();
        Catalog catalog = new Catalog(context.database(), new CinemaCheck(theaters), clock);
        Programme programme = new Programme(context.database(), theaters, clock, settings);
        return List.of(new MoviesGrpcService(catalog, programme));
    }
}
