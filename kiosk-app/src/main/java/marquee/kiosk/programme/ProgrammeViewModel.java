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

    public ProgrammeViewModel(BackendClient backend) {
        this.backend = backend;
    }

    public void load() {
        CompletableFuture.supplyAsync(() -> {
            var cinema = backend.cinema();
            ZoneId zone = ZoneId.of(cinema.timeZone());
            var shows = backend.showtimes(cinema.id(), LocalDate.now(zone)).stream()
                    .map(s -> TIME.format(s.startsAt().atZone(zone)) + "   " + s.movieTitle() + "   · " + s.hallName()
                            + (s.format().isEmpty() ? "" : " · " + s.format()))
                    .toList();
            return new Object[] {cinema.name(), shows};
        }).whenComplete((result, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                error.set(failure.getMessage());
                return;
            }
            cinemaName.set((String) result[0]);
            @SuppressWarnings("unchecked")
            java.util.List<String> shows = (java.util.List<String>) result[1];
            lines.setAll(shows);
        }));
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
