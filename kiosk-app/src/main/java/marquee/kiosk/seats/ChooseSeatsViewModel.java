package marquee.kiosk.seats;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.nav.ScreenModel;
import marquee.kiosk.purchase.CheckoutViewModel;
import marquee.kiosk.purchase.PurchaseSession;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.work.Async;

/**
 * The seats screen: the live seat map of the chosen showtime ({@link SeatSelectionViewModel}),
 * "best seats", and holding the chosen seats on the way to the ticket types. The map follows a
 * change of language while it is open.
 */
public final class ChooseSeatsViewModel extends ScreenModel {
    private final DeviceHealth health;
    private final CheckoutViewModel checkout;
    private final Async async;
    private final ReadOnlyObjectWrapper<ShowtimeInfo> showtime = new ReadOnlyObjectWrapper<>(this, "showtime");
    private final ReadOnlyObjectWrapper<SeatSelectionViewModel> selection = new ReadOnlyObjectWrapper<>(this, "selection");

    public ChooseSeatsViewModel(Navigator nav, DeviceHealth health, CheckoutViewModel checkout, Async async) {
        super(nav);
        this.health = Objects.requireNonNull(health);
        this.checkout = Objects.requireNonNull(checkout);
        this.async = Objects.requireNonNull(async);
        nav.onVisitEnd(() -> {
            close();
            showtime.set(null);
        });
        nav.languageProperty().addListener((property, old, language) -> {
            SeatSelectionViewModel current = selection.get();
            if (current != null) current.setLanguage(language);
        });
        // Back on the map without a hold (given up, run out, refunded): no seat is marked as ours any more.
        nav.screenProperty().addListener((property, old, screen) -> {
            if (screen == Screen.SEATS && !checkout.seatsHeld() && map() != null) map().setOwnHold(List.of());
        });
    }

    public ReadOnlyObjectProperty<ShowtimeInfo> showtimeProperty() { return showtime.getReadOnlyProperty(); }
    /** The seat choice of the chosen showtime; null before one is chosen. */
    public ReadOnlyObjectProperty<SeatSelectionViewModel> selectionProperty() { return selection.getReadOnlyProperty(); }

    public ZoneId zone() {
        return health.zone();
    }

    /** Opens the seat map of a showtime (the programme's next step). */
    public void open(ShowtimeInfo chosen) {
        close();
        showtime.set(chosen);
        SeatSelectionViewModel model = new SeatSelectionViewModel(health.backend(), chosen.id(), chosen.movieTitle(), async,
                nav.language());
        selection.set(model);
        nav.show(Screen.SEATS);
        model.loadedProperty().addListener((property, old, map) -> {
            if (map != null) checkout.useShowtime(chosen, map);
        });
        model.load(failure -> failed(Async.unwrapRuntime(failure)));
    }

    /** "Best seats for N people": the backend's best free seats together. */
    public CompletableFuture<List<String>> suggest(int count) {
        SeatSelectionViewModel model = selection.get();
        return model == null ? CompletableFuture.completedFuture(List.of()) : model.suggest(count);
    }

    /** Holds the seats chosen on the map and moves on to the ticket types. */
    public CompletableFuture<?> continueToTickets() {
        SeatMapViewModel map = map();
        PurchaseSession session = checkout.sessionProperty().get();
        if (map == null || session == null) return CompletableFuture.completedFuture(null);
        List<String> chosen = List.copyOf(map.selectedSeats());
        if (chosen.isEmpty()) {
            nav.say("seats.choose.first");
            return CompletableFuture.completedFuture(null);
        }
        return checkout.holdSeats(chosen).thenAccept((Hold hold) -> {
            if (hold != null) map.setOwnHold(hold.lines().stream().map(HoldLine::seatId).toList());
        });
    }

    @Override
    public void back() {
        nav.clearNotice();
        close();
        nav.show(Screen.SHOWTIMES);
    }

    @Override
    public boolean asksBeforeStartOver() {
        return checkout.seatsHeld();
    }

    private SeatMapViewModel map() {
        SeatSelectionViewModel model = selection.get();
        return model == null ? null : model.seatMapProperty().get();
    }

    private void close() {
        SeatSelectionViewModel model = selection.get();
        selection.set(null);
        if (model != null) model.close();
    }
}
