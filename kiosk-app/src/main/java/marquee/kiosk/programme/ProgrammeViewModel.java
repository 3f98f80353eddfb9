package marquee.kiosk.programme;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.backend.BackendClient;

/** Today's programme of the kiosk's cinema, loaded off the JavaFX thread. */
public final class ProgrammeViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final BackendClient backend;
    private final ReadOnlyStringWrapper cinemaName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final java.util.List<BackendClient.ShowtimeInfo> showtimes = new java.util.ArrayList<>();
    private java.util.function.BiConsumer<String, String> onOpen = (id, title) -> {};

    public ProgrammeViewModel(BackendClient backend) {
        this.backend = backend;
    }

    public void load() {
        CompletableFuture.supplyAsync(() -> {
            var cinema = backend.cinema();
            ZoneId zone = ZoneId.of(cinema.timeZone());
            var found = backend.showtimes(cinema.id(), LocalDate.now(zone));
            var shows = found.stream()
                    .map(s -> TIME.format(s.startsAt().atZone(zone)) + "   " + s.movieTitle() + "   · " + s.hallName()
                            + (s.format().isEmpty() ? "" : " · " + s.format()))
                    .toList();
            return new Object[] {cinema.name(), shows, found};
        }).whenComplete((result, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                error.set(failure.getMessage());
                return;
            }
            cinemaName.set((String) result[0]);
            @SuppressWarnings("unchecked")
            java.util.List<String> shows = (java.util.List<String>) result[1];
            showtimes.clear();
            showtimes.addAll((java.util.List<BackendClient.ShowtimeInfo>) result[2]);
            lines.setAll(shows);
        }));
    }

    /** Where choosing a showtime leads: called with its id and a title line. */
    public void onOpen(java.util.function.BiConsumer<String, String> handler) {
        this.onOpen = handler;
    }

    public void open(int index) {
        if (index >= 0 && index < showtimes.size()) onOpen.accept(showtimes.get(index).id(), lines.get(index));
    }

    public ReadOnlyStringProperty cinemaNameProperty() {
        return cinemaName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<String> lines() {
        return lines;
    }
}
