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

/**
 * What the kiosk's screens need from the backend, in the kiosk's own terms (no gRPC types).
 *
 * <p>Failures are {@link BackendException}s: {@link SeatsTakenException}, {@link RejectedException}
 * (the server's message, fit to show), {@link BackendUnavailableException} (retry). Every call
 * blocks until answered or its deadline passes, so call it off the JavaFX thread.
 */
public interface BackendClient extends AutoCloseable {

    record CinemaInfo(String id, String name, String timeZone) {}

    record ShowtimeInfo(String id, String movieTitle, String hallName, Instant startsAt, String format) {}

    /** A film on the programme. {@code posterUrl} is empty when there is none. */
    record FilmInfo(String id, String title, int runtimeMinutes, String rating, List<String> genres, String posterUrl) {}

    enum SeatCategory { STANDARD, PREMIUM, WHEELCHAIR, COMPANION, COUPLE }

    enum TicketType { ADULT, CHILD, SENIOR, STUDENT }

    enum SeatStatus { FREE, HELD, SOLD, BLOCKED }

    /** An amount in minor units (cents) of an ISO 4217 currency. */
    record Money(long amountMinor, String currency) {
        public Money plus(long minor) {
            return new Money(amountMinor + minor, currency);
        }

        /** "€12.50" in the given locale's conventions. */
        public String format(Locale locale) {
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            Currency unit = Currency.getInstance(currency);
            format.setCurrency(unit);
            int digits = Math.max(unit.getDefaultFractionDigits(), 0);
            format.setMinimumFractionDigits(digits);
            format.setMaximumFractionDigits(digits);
            return format.format(java.math.BigDecimal.valueOf(amountMinor, digits));
        }
    }

    /** One seat of the hall layout; {@code partnerId} is the other half of a sofa, or empty. */
    record SeatInfo(String id, String row, int number, int x, int width, SeatCategory category, boolean blocked,
                    String partnerId) {}

    record SeatRow(String label, int y, List<SeatInfo> seats) {}

    record SalesRules(int maxSeatsPerOrder, boolean forbidSingleEmptySeat) {}

    /** Prices of a showtime; a (category, ticket type) not listed is not for sale. */
    record PriceList(String currency, Map<SeatCategory, Map<TicketType, Long>> prices, long bookingFeeMinor) {
        public Optional<Money> price(SeatCategory category, TicketType type) {
            return Optional.ofNullable(prices.getOrDefault(category, Map.of()).get(type)).map(amount -> new Money(amount, currency));
        }

        public Money bookingFee() {
            return new Money(bookingFeeMinor, currency);
        }
    }

    /**
     * A showtime's hall with the live state of its seats. {@code states} lists only seats that are
     * not free; {@code version} is where {@link #watchSeatMap} events continue from.
     */
    record SeatMap(String showtimeId, String hallName, int width, int depth, List<SeatRow> rows,
                   Map<String, SeatStatus> states, long version, SalesRules salesRules, PriceList prices) {
        public SeatStatus status(String seatId) {
            return states.getOrDefault(seatId, SeatStatus.FREE);
        }

        public Optional<SeatInfo> seat(String seatId) {
            return rows.stream().flatMap(row -> row.seats().stream()).filter(s -> s.id().equals(seatId)).findFirst();
        }
    }

    /**
     * A change of seat states. The first event after (re)connecting is a {@code snapshot}: every
     * seat not listed is free. {@code reason}: "snapshot", "held", "released", "expired", "sold", "cancelled".
     */
    record SeatMapEvent(long version, Map<String, SeatStatus> changes, boolean snapshot, String reason) {}

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

    enum HoldStatus { HELD, CONFIRMED, RELEASED, EXPIRED, CANCELLED }

    record HoldLine(String seatId, String row, int number, SeatCategory category, TicketType ticketType, Money price) {}

    /** Seats held (or, once paid, booked) for one customer, priced by the server. */
    record Hold(String id, String code, String showtimeId, HoldStatus status, List<HoldLine> lines, Money bookingFee,
                Money total, Instant expiresAt) {}

    record TicketInfo(String id, String bookingCode, String seatId, String row, int number, SeatCategory category,
                      TicketType ticketType, Money price, String qrPayload, String filmTitle, String hallName,
                      Instant startsAt) {}

    enum CheckoutOutcome { COMPLETED, DECLINED, REFUNDED }

    /**
     * The result of paying a hold. {@code message} explains DECLINED and REFUNDED in plain words;
     * {@code tickets} are filled for COMPLETED.
     */
    record CheckoutResult(CheckoutOutcome outcome, String message, Hold booking, List<TicketInfo> tickets) {}

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

    /**
     * How this device is, for the chain's monitoring: {@code state} one of IN_SERVICE,
     * OUT_OF_ORDER, OFFLINE_SYNCING, STARTING, SHUTTING_DOWN; {@code printer} one of READY,
     * PAPER_LOW, PAPER_OUT, FAULT, UNKNOWN.
     */
    record DeviceReport(String state, String printer, String errorCode, String message, String appVersion) {}

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

    enum TicketState { VALID, USED, REVOKED }

    /**
     * A ticket with what the cache and the door need besides the printed fields. A REVOKED ticket
     * (refunded, cancelled) has an empty {@code ticket.qrPayload()} and must never print.
     */
    record TicketRecord(TicketInfo ticket, String bookingId, String cinemaId, String showtimeId, TicketState state,
                        Instant issuedAt, Instant usedAt, int reprintCount) {}

    /** One page of a cinema's ticket changes, oldest first; pass {@code nextCursor} back for the next page. */
    record TicketSyncPage(List<TicketRecord> tickets, String nextCursor, boolean hasMore) {}

    enum VerificationResult { ACCEPTED, ALREADY_USED, REVOKED, FORGED, WRONG_SHOW }

    /** What the backend says about a scanned QR; {@code ticket} is null when FORGED, {@code usedAt} when ALREADY_USED. */
    record Verification(VerificationResult result, String message, TicketRecord ticket, Instant usedAt) {}

    /** Ticket changes of a cinema after {@code cursor} (empty for the beginning), at most {@code limit}. */
    default TicketSyncPage syncTickets(String cinemaId, String cursor, int limit) {
        throw new UnsupportedOperationException("syncTickets");
    }

    /** The tickets of a booking with their state (pickup needs to tell revoked ones apart). */
    default List<TicketRecord> ticketRecords(String bookingCode) {
        throw new UnsupportedOperationException("ticketRecords");
    }

    /** A booking's tickets as they are to be printed now: originals once, afterwards counted duplicates. */
    record PrintRun(List<TicketRecord> tickets, boolean duplicate) {}

    /**
     * The tickets to print for the customer (after a sale, at a pickup). The first print of a
     * booking gives originals; every later one gives duplicates, each counted by the backend. A
     * retry with the same key repeats the answer without counting again.
     */
    default PrintRun printTickets(String bookingCode, String idempotencyKey) {
        throw new UnsupportedOperationException("printTickets");
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
