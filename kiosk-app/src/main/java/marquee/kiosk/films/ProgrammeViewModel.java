package marquee.kiosk.films;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.nav.ScreenModel;
import marquee.kiosk.work.Async;

/**
 * The programme: the films now showing (the films screen, the start screen's posters) and the
 * chosen film's days and showtimes (the showtimes screen). Choosing a showtime hands it to the
 * next step ({@link #onShowtimeChosen}); the programme does not know what that step is.
 */
public final class ProgrammeViewModel extends ScreenModel {
    /** The days a film can be booked ahead, today included. */
    public static final int DAYS_AHEAD = 7;

    private final DeviceHealth health;
    private final Async async;
    private final Clock clock;
    private final ObservableList<FilmInfo> films = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<FilmInfo> film = new ReadOnlyObjectWrapper<>(this, "film");
    private final ObservableList<LocalDate> days = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LocalDate> day = new ReadOnlyObjectWrapper<>(this, "day");
    private final ObservableList<ShowtimeInfo> showtimes = FXCollections.observableArrayList();
    private final Map<LocalDate, List<ShowtimeInfo>> showtimesByDay = new LinkedHashMap<>();
    private Consumer<ShowtimeInfo> next = show -> { };

    public ProgrammeViewModel(Navigator nav, DeviceHealth health, Async async, Clock clock) {
        super(nav);
        this.health = Objects.requireNonNull(health);
        this.async = Objects.requireNonNull(async);
        this.clock = Objects.requireNonNull(clock);
        health.whenInService(cinema -> load());
        nav.onVisitEnd(() -> film.set(null));
    }

    /** Films with a showtime today or in the next days, by title. */
    public ObservableList<FilmInfo> films() { return films; }
    public ReadOnlyObjectProperty<FilmInfo> filmProperty() { return film.getReadOnlyProperty(); }
    /** The days the chosen film still has showtimes on, within {@value #DAYS_AHEAD} days from today. */
    public ObservableList<LocalDate> days() { return days; }
    public ReadOnlyObjectProperty<LocalDate> dayProperty() { return day.getReadOnlyProperty(); }
    /** Showtimes of the chosen film on the chosen day. */
    public ObservableList<ShowtimeInfo> showtimes() { return showtimes; }

    public ZoneId zone() {
        return health.zone();
    }

    /** Where a chosen showtime goes (the seat choice). */
    public void onShowtimeChosen(Consumer<ShowtimeInfo> step) {
        next = Objects.requireNonNull(step);
    }

    /** Loads the films of the next days; an unreachable backend takes the kiosk out of order. */
    public CompletableFuture<List<FilmInfo>> load() {
        BackendClient backend = health.backend();
        CinemaInfo cinema = health.cinemaProperty().get();
        if (backend == null || cinema == null) return CompletableFuture.completedFuture(List.of());
        return async.run(() -> backend.films(cinema.id(), LocalDate.now(clock.withZone(ZoneId.of(cinema.timeZone()))), DAYS_AHEAD),
                films::setAll, failure -> health.backendFailed(Async.unwrapRuntime(failure)));
    }

    /** A new customer opens the programme: no film chosen, and the films loaded if they are not yet. */
    public void enter() {
        film.set(null);
        nav.show(Screen.FILMS);
        if (films.isEmpty()) load();
    }

    /**
     * Shows a film's showtimes: loads the next {@value #DAYS_AHEAD} days at once, offers only the
     * days that still have a showtime, and opens the first of them.
     */
    public CompletableFuture<Map<LocalDate, List<ShowtimeInfo>>> chooseFilm(FilmInfo chosen) {
        film.set(chosen);
        days.clear();
        day.set(null);
        showtimes.clear();
        showtimesByDay.clear();
        nav.show(Screen.SHOWTIMES);
        CinemaInfo info = health.cinemaProperty().get();
        BackendClient backend = health.backend();
        LocalDate today = LocalDate.now(clock.withZone(zone()));
        return async.run(() -> {
            Instant now = clock.instant();
            Map<LocalDate, List<ShowtimeInfo>> byDay = new LinkedHashMap<>();
            for (int i = 0; i < DAYS_AHEAD; i++) {
                LocalDate date = today.plusDays(i);
                List<ShowtimeInfo> shows = backend.showtimes(info.id(), chosen.id(), date).stream()
                        .filter(s -> s.startsAt().isAfter(now)).toList();
                if (!shows.isEmpty()) byDay.put(date, shows);
            }
            return byDay;
        }, byDay -> {
            if (film.get() != chosen) return;
            showtimesByDay.putAll(byDay);
            days.setAll(byDay.keySet());
            if (!days.isEmpty()) chooseDay(days.get(0));
        }, failure -> failed(Async.unwrapRuntime(failure)));
    }

    /** Shows the chosen film's showtimes on one of the offered days. */
    public void chooseDay(LocalDate chosen) {
        day.set(chosen);
        showtimes.setAll(showtimesByDay.getOrDefault(chosen, List.of()));
    }

    /** The customer chose a showtime: on to its seats. */
    public void chooseShowtime(ShowtimeInfo chosen) {
        next.accept(chosen);
    }

    @Override
    public void back() {
        nav.clearNotice();
        if (nav.screen() == Screen.SHOWTIMES) nav.show(Screen.FILMS);
        else nav.startOver();
    }
}
