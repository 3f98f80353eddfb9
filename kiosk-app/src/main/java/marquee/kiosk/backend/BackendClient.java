package marquee.kiosk.backend;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.DeviceReport;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.PrintRun;
import marquee.kiosk.model.SeatMap;
import marquee.kiosk.model.SeatMapEvent;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketSyncPage;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.model.Verification;

/**
 * What the kiosk's screens need from the backend, in the kiosk's own terms (no gRPC types).
 *
 * <p>Failures are {@link BackendException}s: {@link SeatsTakenException}, {@link RejectedException}
 * (the server's message, fit to show), {@link BackendUnavailableException} (retry). Every call
 * blocks until answered or its deadline passes, so call it off the JavaFX thread.
 */
public interface BackendClient extends AutoCloseable {
    /** Receives seat map events on a background thread; hop to the UI thread yourself. */
    interface SeatMapListener {
        void onEvent(SeatMapEvent event);

        /** The stream broke; it reconnects by itself and the next event is a fresh snapshot. */
        default void onDisconnected(BackendException cause) {}
    }

    /** A running watch; {@link #cancel()} stops it for good. */
    interface Subscription extends AutoCloseable {
        void cancel();

        @Override
        default void close() {
            cancel();
        }
    }

    /** Signs in as the kiosk device; later calls carry its token (renewed by itself when it runs out). */
    void signIn(String deviceId, String secret);

    /** Signs in as a customer account (for tests and the web-style flows). */
    void signInCustomer(String email, String password);

    /** The cinema the device belongs to. */
    CinemaInfo cinema();

    List<ShowtimeInfo> showtimes(String cinemaId, LocalDate date);

    /** Showtimes of one film at a cinema on one business date. */
    List<ShowtimeInfo> showtimes(String cinemaId, String filmId, LocalDate date);

    /** Films with a showtime at the cinema on the given business date, by title. */
    List<FilmInfo> films(String cinemaId, LocalDate date);

    /** Films with a showtime at the cinema on any of {@code days} days from {@code from}, by title. */
    default List<FilmInfo> films(String cinemaId, LocalDate from, int days) {
        Map<String, FilmInfo> byId = new LinkedHashMap<>();
        for (int day = 0; day < days; day++) {
            for (FilmInfo film : films(cinemaId, from.plusDays(day))) byId.putIfAbsent(film.id(), film);
        }
        List<FilmInfo> all = new ArrayList<>(byId.values());
        all.sort(java.util.Comparator.comparing(FilmInfo::title));
        return all;
    }

    SeatMap seatMap(String showtimeId);

    /** Streams seat changes of a showtime until cancelled, reconnecting with a fresh snapshot after errors. */
    Subscription watchSeatMap(String showtimeId, SeatMapListener listener);

    /** Best free seats together for a group; empty when no block of that size is free. */
    List<String> suggestSeats(String showtimeId, int count);

    /**
     * Holds seats (in the map's iteration order) with their ticket types. A retry with the same
     * {@code idempotencyKey} returns the same hold.
     */
    Hold hold(String showtimeId, Map<String, TicketType> seats, String idempotencyKey);

    /** New ticket types for every seat of a running hold; the server prices it anew, seats and expiry stay. */
    Hold changeTicketTypes(String holdId, Map<String, TicketType> seats);

    /** Reports this device's state (kiosks send it on every change and as a heartbeat). */
    void reportDeviceState(DeviceReport report);

    /** Gives up a hold; releasing one that is already gone is not an error. */
    void release(String holdId);

    /** Pays a hold by card; a retry with the same {@code idempotencyKey} never charges twice. */
    CheckoutResult checkoutWithCard(String holdId, String cardNumber, int expiryMonth, int expiryYear, String cvc,
                                    String idempotencyKey);

    /**
     * Pays a hold with the approval of the card terminal beside this kiosk (card present, issue 16):
     * no card data, only the terminal's receipt data. A retry with the same key never records twice.
     */
    default CheckoutResult checkoutCardPresent(String holdId, marquee.terminal.TerminalResult approval, String idempotencyKey) {
        throw new UnsupportedOperationException("card-present payments need the gRPC backend");
    }

    /** Tickets of a booking by its code, ordered by row and seat. */
    List<TicketInfo> tickets(String bookingCode);

    @Override
    void close();

    // ---- Printing, offline cache and pickup. Default methods, so other implementations keep compiling. ----

    /** Ticket changes of a cinema after {@code cursor} (empty for the beginning), at most {@code limit}. */
    default TicketSyncPage syncTickets(String cinemaId, String cursor, int limit) {
        throw new UnsupportedOperationException("syncTickets");
    }

    /** The tickets of a booking with their state (pickup needs to tell revoked ones apart). */
    default List<TicketRecord> ticketRecords(String bookingCode) {
        throw new UnsupportedOperationException("ticketRecords");
    }

    /**
     * The tickets to print for the customer (after a sale, at a pickup). The first print of a
     * booking gives originals; every later one gives duplicates, each counted by the backend. A
     * retry with the same key repeats the answer without counting again.
     */
    default PrintRun printTickets(String bookingCode, String idempotencyKey) {
        throw new UnsupportedOperationException("printTickets");
    }

    /**
     * Sends a sold booking's tickets (PDF with the QR codes) and receipt to this address, and later
     * notices (cancellation, refund) too: NotificationsService.SendTicketsByEmail. True when the mail
     * went out with this call, false when it goes out as soon as the tickets are issued. A bad
     * address is refused ({@link RejectedException}); asking again with the same address sends nothing new.
     */
    default boolean sendTicketsByEmail(String bookingId, String email) {
        throw new UnsupportedOperationException("sendTicketsByEmail");
    }

    /** Checks a scanned QR without using the ticket. */
    default Verification verify(String qrPayload) {
        throw new UnsupportedOperationException("verify");
    }

    /** Admits a ticket: ACCEPTED once, then ALREADY_USED. */
    default Verification checkIn(String qrPayload) {
        throw new UnsupportedOperationException("checkIn");
    }

    /** Ends any wait before the next connection attempt, so a recovered backend is used at once. */
    default void reconnectNow() {}
}
