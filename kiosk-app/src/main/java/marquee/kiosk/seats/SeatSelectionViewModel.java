package marquee.kiosk.seats;

import java.text.NumberFormat;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.seatmap.HallLayout;
import marquee.kiosk.seatmap.RowInfo;
import marquee.kiosk.seatmap.SeatCategory;
import marquee.kiosk.seatmap.SeatInfo;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.seatmap.SeatStatus;
import marquee.kiosk.work.Async;

/**
 * The seat choice for one showtime: loads the hall and its live state off the UI thread, keeps
 * it current from the backend's seat-map stream, and hands the seat map to its view.
 */
public final class SeatSelectionViewModel implements AutoCloseable {
    private final BackendClient backend;
    private final String showtimeId;
    private final Async async;
    private Locale locale;
    private final ReadOnlyObjectWrapper<SeatMapViewModel> seatMap = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<SeatMap> loaded = new ReadOnlyObjectWrapper<>();
    private volatile BackendClient.Subscription subscription;
    private volatile boolean closed;

    public SeatSelectionViewModel(BackendClient backend, String showtimeId, String title, Async async, Locale locale) {
        this.backend = backend;
        this.showtimeId = showtimeId;
        this.async = async;
        this.locale = locale;
        this.title.set(title);
    }

    public void load(Consumer<Throwable> onFailure) {
        async.supply(() -> backend.seatMap(showtimeId)).whenComplete((map, failure) -> async.onUi(() -> {
            if (failure != null) {
                error.set(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
                onFailure.accept(failure);
                return;
            }
            if (closed) return;
            SeatMapViewModel model = new SeatMapViewModel(toLayout(map), map.salesRules().maxSeatsPerOrder(),
                    ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", locale));
            model.applyStates(toStates(map.states()));
            model.setPrices(prices(map.prices()));
            loaded.set(map);
            seatMap.set(model);
            subscription = backend.watchSeatMap(showtimeId, event -> async.onUi(() -> {
                if (event.snapshot()) {
                    model.applyStates(toStates(event.changes()));
                } else {
                    event.changes().forEach((seat, status) -> model.applyChange(seat, SeatStatus.valueOf(status.name())));
                }
            }));
        }));
    }

    public static HallLayout toLayout(SeatMap map) {
        List<RowInfo> rows = map.rows().stream().map(r -> new RowInfo(r.label(), r.y())).toList();
        List<SeatInfo> seats = map.rows().stream().flatMap(r -> r.seats().stream().map(s -> new SeatInfo(s.id(), s.row(),
                s.number(), s.x(), r.y(), s.width(), SeatCategory.valueOf(s.category().name()), s.blocked(), s.partnerId())))
                .toList();
        return new HallLayout(map.width(), map.depth(), rows, seats);
    }

    private static Map<String, SeatStatus> toStates(Map<String, marquee.kiosk.model.SeatStatus> states) {
        Map<String, SeatStatus> out = new HashMap<>();
        states.forEach((seat, status) -> out.put(seat, SeatStatus.valueOf(status.name())));
        return out;
    }

    /** The adult price per category, as the legend shows it. */
    private Map<SeatCategory, String> prices(PriceList prices) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(java.util.Currency.getInstance(prices.currency()));
        Map<SeatCategory, String> out = new EnumMap<>(SeatCategory.class);
        prices.prices().forEach((category, byType) -> {
            Long adult = byType.get(TicketType.ADULT);
            if (adult != null) {
                int digits = Math.max(0, java.util.Currency.getInstance(prices.currency()).getDefaultFractionDigits());
                out.put(SeatCategory.valueOf(category.name()), format.format(java.math.BigDecimal.valueOf(adult, digits)));
            }
        });
        return out;
    }

    /**
     * Chooses the backend's best free seats together for a group; says so on the map when no
     * block of that size is free.
     */
    public CompletableFuture<List<String>> suggest(int count) {
        SeatMapViewModel model = seatMap.get();
        if (model == null) return CompletableFuture.completedFuture(List.of());
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        async.supply(() -> backend.suggestSeats(showtimeId, count)).whenComplete((seats, failure) -> async.onUi(() -> {
            if (failure != null) {
                model.say(ResourceBundle.getBundle("marquee.kiosk.messages", locale).getString("seats.suggest.failed"));
                done.complete(List.of());
                return;
            }
            if (seats.isEmpty()) {
                model.say(new java.text.MessageFormat(ResourceBundle.getBundle("marquee.kiosk.messages", locale)
                        .getString("seats.suggest.none"), locale).format(new Object[] {count}));
            } else {
                model.choose(seats);
            }
            done.complete(seats);
        }));
        return done;
    }

    /** The customer switched language: the map's legend, prices and messages follow. Call on the UI thread. */
    public void setLanguage(Locale language) {
        if (language == null || language.equals(locale)) return;
        locale = language;
        SeatMapViewModel model = seatMap.get();
        SeatMap map = loaded.get();
        if (model != null && map != null) {
            model.setLanguage(ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", language), prices(map.prices()));
        }
    }

    /** The seat map as loaded (hall, prices, rules); null until loaded. */
    public ReadOnlyObjectProperty<SeatMap> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public String showtimeId() {
        return showtimeId;
    }

    public ReadOnlyObjectProperty<SeatMapViewModel> seatMapProperty() {
        return seatMap.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    @Override
    public void close() {
        closed = true;
        BackendClient.Subscription current = subscription;
        if (current != null) current.cancel();
    }
}
