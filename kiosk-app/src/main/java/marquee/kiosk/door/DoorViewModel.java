package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.model.DoorModel.DoorStaff;
import marquee.kiosk.model.DoorModel.ShowtimeChoice;
import marquee.kiosk.model.DoorModel.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door screen's state: sign-in, then one verdict at a time (ADMIT / REFUSE with the reason
 * and the ticket's film, hall, seat and showtime), the connection, the journal backlog and the
 * duplicate admissions found. Scans run one after the other off the JavaFX thread, in order.
 */
public final class DoorViewModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DoorViewModel.class);

    public enum Screen { SIGN_IN, SCAN }

    private final DoorDesk desk;
    private final Consumer<Runnable> ui;
    private final ResourceBundle text;
    private final boolean training;
    private final int admitMinutes;
    private final ExecutorService scans = Executors.newSingleThreadExecutor(daemon("door-scan"));
    private final ExecutorService work = Executors.newSingleThreadExecutor(daemon("door-work"));
    private volatile ZoneId zone = ZoneId.systemDefault();

    private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(Screen.SIGN_IN);
    private final StringProperty login = new SimpleStringProperty("");
    private final StringProperty pin = new SimpleStringProperty("");
    private final StringProperty signInError = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty staffLine = new SimpleStringProperty("");
    private final ObservableList<ShowtimeChoice> showtimes = FXCollections.observableArrayList();
    private final ObjectProperty<ShowtimeChoice> admitting = new SimpleObjectProperty<>();
    private final ObjectProperty<ScanResult> result = new SimpleObjectProperty<>();
    private final StringProperty headline = new SimpleStringProperty("");
    private final StringProperty reason = new SimpleStringProperty("");
    private final StringProperty film = new SimpleStringProperty("");
    private final StringProperty hall = new SimpleStringProperty("");
    private final StringProperty seat = new SimpleStringProperty("");
    private final StringProperty showtime = new SimpleStringProperty("");
    private final BooleanProperty online = new SimpleBooleanProperty(true);
    private final StringProperty connection = new SimpleStringProperty("");
    private final IntegerProperty unsynced = new SimpleIntegerProperty(0);
    private final StringProperty backlog = new SimpleStringProperty("");
    private final LongProperty duplicates = new SimpleLongProperty(0);
    private final StringProperty duplicatesText = new SimpleStringProperty("");
    private final IntegerProperty verdicts = new SimpleIntegerProperty(0);
    private final LongProperty lastScanMicros = new SimpleLongProperty(0);

    public DoorViewModel(DoorDesk desk, Consumer<Runnable> ui, Locale language, boolean training, int admitMinutes) {
        this.desk = desk;
        this.ui = ui;
        this.text = ResourceBundle.getBundle("marquee.kiosk.door.door", language);
        this.training = training;
        this.admitMinutes = admitMinutes;
        desk.addListener(status -> ui.accept(() -> show(status)));
        show(desk.status());
        clearVerdict();
    }

    public String text(String key) {
        return text.getString(key);
    }

    public boolean training() {
        return training;
    }

    /** Signs in with the typed staff id and PIN (the backend checks them). */
    public void signIn() {
        String who = login.get().strip();
        String secret = pin.get();
        if (who.isEmpty() || secret.isEmpty()) {
            signInError.set(text("signin.missing"));
            return;
        }
        busy.set(true);
        signInError.set("");
        work.execute(() -> {
            try {
                DoorStaff staff = desk.signIn(who, secret);
                List<ShowtimeChoice> today = loadShowtimes();
                ui.accept(() -> {
                    zone = staff.zone();
                    pin.set("");
                    staffLine.set(staff.name() + " · " + staff.cinemaName() + " · " + desk.deviceId());
                    showtimes.setAll(today);
                    admitting.set(null);
                    clearVerdict();
                    screen.set(Screen.SCAN);
                    busy.set(false);
                });
            } catch (BackendUnavailableException e) {
                ui.accept(() -> fail(text("signin.offline")));
            } catch (BackendException e) {
                ui.accept(() -> fail(MessageFormat.format(text("signin.failed"), e.getMessage())));
            } catch (RuntimeException e) {
                log.warn("Door sign-in failed", e);
                ui.accept(() -> fail(MessageFormat.format(text("signin.failed"), String.valueOf(e.getMessage()))));
            }
        });
    }

    private List<ShowtimeChoice> loadShowtimes() {
        try {
            return desk.showtimesToday();
        } catch (RuntimeException e) {
            log.info("Today's showtimes are not available ({}); the door admits any showtime", e.getMessage());
            return List.of();
        }
    }

    private void fail(String message) {
        signInError.set(message);
        pin.set("");
        busy.set(false);
    }

    public void signOut() {
        work.execute(desk::signOut);
        login.set("");
        pin.set("");
        clearVerdict();
        screen.set(Screen.SIGN_IN);
    }

    /** A scanned or typed code: checked, journaled, then shown. Empty input is ignored. */
    public void scan(String code) {
        if (code == null || code.isBlank() || screen.get() != Screen.SCAN) return;
        ShowtimeChoice door = admitting.get();
        String showtimeId = door == null ? "" : door.id();
        long started = System.nanoTime();
        scans.execute(() -> {
            Verdict verdict;
            try {
                verdict = desk.scan(code, showtimeId);
            } catch (marquee.kiosk.backend.RejectedException e) {
                log.warn("The backend refused this door's check-in: {}", e.getMessage());
                verdict = new Verdict(ScanResult.FORGED, null, null, false, "rejected");
            } catch (RuntimeException e) {
                // The journal could not be written: nothing was recorded, so nothing may be admitted.
                log.error("A scan could not be journaled; refusing it", e);
                verdict = new Verdict(ScanResult.FORGED, null, null, true, "journal");
            }
            Verdict shown = verdict;
            ui.accept(() -> {
                show(shown);
                lastScanMicros.set((System.nanoTime() - started) / 1000);
            });
            desk.scanned();
        });
    }

    private void show(Verdict verdict) {
        result.set(verdict.result());
        headline.set(text(verdict.result().admits() ? "admit" : "refuse"));
        reason.set(reason(verdict));
        var t = verdict.ticket();
        film.set(t == null || t.film().isEmpty() ? "—" : t.film());
        hall.set(t == null || t.hall().isEmpty() ? "—" : t.hall());
        seat.set(t == null ? "—" : t.seat());
        showtime.set(t == null ? "—" : when(t.startsAt()));
        verdicts.set(verdicts.get() + 1);
    }

    private String reason(Verdict verdict) {
        return switch (verdict.result()) {
            case ADMIT -> verdict.offline() ? text("reason.ADMIT.offline") : text("reason.ADMIT");
            case ALREADY_USED -> MessageFormat.format(text("reason.ALREADY_USED"),
                    verdict.usedAt() == null ? "" : when(verdict.usedAt()));
            case TOO_EARLY -> MessageFormat.format(text("reason.TOO_EARLY"), admitMinutes);
            case FORGED -> "journal".equals(verdict.message()) ? text("reason.journal")
                    : "rejected".equals(verdict.message()) ? text("reason.rejected") : text("reason.FORGED");
            default -> text("reason." + verdict.result().name());
        };
    }

    private String when(Instant instant) {
        var local = instant.atZone(zone);
        String pattern = local.toLocalDate().equals(LocalDate.now(zone)) ? "HH:mm" : "EEE d MMM HH:mm";
        return DateTimeFormatter.ofPattern(pattern, text.getLocale().getLanguage().isEmpty() ? Locale.ENGLISH : text.getLocale())
                .format(local);
    }

    private void clearVerdict() {
        result.set(null);
        headline.set(text("ready"));
        reason.set(text("scan.prompt"));
        film.set("");
        hall.set("");
        seat.set("");
        showtime.set("");
    }

    private void show(DoorDesk.Status status) {
        online.set(status.online());
        connection.set(status.online() ? text("status.online")
                : MessageFormat.format(text("status.offline"), status.offlineSince().map(this::when).orElse("")));
        unsynced.set(status.journal().unsynced());
        backlog.set(MessageFormat.format(text("status.unsynced"), status.journal().unsynced(),
                status.journal().lastSync() == null ? "—" : when(status.journal().lastSync())));
        duplicates.set(status.duplicatesToday());
        duplicatesText.set(MessageFormat.format(text("status.duplicates"), status.duplicatesToday()));
    }

    public ObjectProperty<Screen> screenProperty() { return screen; }
    public StringProperty loginProperty() { return login; }
    public StringProperty pinProperty() { return pin; }
    public StringProperty signInErrorProperty() { return signInError; }
    public BooleanProperty busyProperty() { return busy; }
    public StringProperty staffLineProperty() { return staffLine; }
    public ObservableList<ShowtimeChoice> showtimes() { return showtimes; }
    public ObjectProperty<ShowtimeChoice> admittingProperty() { return admitting; }
    public ObjectProperty<ScanResult> resultProperty() { return result; }
    public StringProperty headlineProperty() { return headline; }
    public StringProperty reasonProperty() { return reason; }
    public StringProperty filmProperty() { return film; }
    public StringProperty hallProperty() { return hall; }
    public StringProperty seatProperty() { return seat; }
    public StringProperty showtimeProperty() { return showtime; }
    public BooleanProperty onlineProperty() { return online; }
    public StringProperty connectionProperty() { return connection; }
    public IntegerProperty unsyncedProperty() { return unsynced; }
    public StringProperty backlogProperty() { return backlog; }
    public LongProperty duplicatesProperty() { return duplicates; }
    public StringProperty duplicatesTextProperty() { return duplicatesText; }
    /** How many verdicts were shown so far (tests wait on it). */
    public IntegerProperty verdictsProperty() { return verdicts; }
    /** Scan to verdict on screen, of the last scan, in microseconds (benchmarks). */
    public LongProperty lastScanMicrosProperty() { return lastScanMicros; }

    /** A label for a showtime in the "admitting" list. */
    public String label(ShowtimeChoice choice) {
        return choice == null ? text("admitting.any") : when(choice.startsAt()) + "  " + choice.film() + " · " + choice.hall();
    }

    @Override
    public void close() {
        scans.shutdownNow();
        work.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
