package marquee.tickets;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import marquee.platform.auth.Approvals;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.errors.NotFoundException;
import marquee.users.v1.OverrideAction;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules of tickets: who may issue, scan, revoke and sync, and what a scan means. */
final class Tickets {
    private static final Logger log = LoggerFactory.getLogger(Tickets.class);
    private static final Pattern BOOKING_CODE = Pattern.compile("[A-Za-z0-9]{1,20}");
    private static final Pattern CURSOR = Pattern.compile("\\d{1,18}");
    /** A QR code holds at most a few kilobytes; anything longer is not a scan. */
    private static final int MAX_QR_LENGTH = 4096;
    static final int DEFAULT_SYNC_LIMIT = 500;
    static final int MAX_SYNC_LIMIT = 1000;
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' yyyy-MM-dd")
            .withZone(ZoneOffset.UTC);

    enum Outcome { ACCEPTED, ALREADY_USED, REVOKED_TICKET, FORGED, WRONG_SHOW, TOO_EARLY }

    /** The answer to a scan; {@code ticket} is null when FORGED. */
    record Verification(Outcome outcome, Ticket ticket, String message) {}

    /** One page of the kiosk feed. */
    record SyncPage(List<Ticket> tickets, String nextCursor, boolean hasMore) {}

    private final TicketStore store;
    private final Bookings bookings;
    private final QrCodec codec;
    private final TokenVerifier verifier;

    /** Terminals' keys and offline-sold tickets; null in tests that build tickets without them. */
    private TerminalKeys terminalKeys;

    Tickets withTerminalKeys(TerminalKeys keys) {
        this.terminalKeys = keys;
        return this;
    }

    TerminalKeys terminalKeys() {
        return terminalKeys;
    }

    Tickets(TicketStore store, Bookings bookings, QrCodec codec, TokenVerifier verifier) {
        this.store = store;
        this.bookings = bookings;
        this.codec = codec;
        this.verifier = verifier;
    }

    /**
     * Prints tickets again, as duplicates: all of a booking (by code) or some of them (by id). A
     * cashier needs a manager's REPRINT approval for the booking code; a manager does not. Each
     * reprint is recorded with who asked, who approved, when and why; revoked tickets never print.
     */
    List<Ticket> reprint(Principal caller, String codeText, List<String> ticketIdTexts, String reasonText, String approvalToken,
                         String keyText) {
        if (!caller.is(Role.CASHIER, Role.MANAGER)) {
            throw new PermissionDeniedException("reprints are made at the box office by a CASHIER or MANAGER");
        }
        String code = codeText == null ? "" : codeText.strip();
        boolean byCode = !code.isEmpty();
        if (byCode == !ticketIdTexts.isEmpty()) {
            throw new InvalidArgumentException("give either booking_code or ticket_ids, not both and not neither");
        }
        String reason = Check.text("reason", reasonText, 1, 200);
        String key = keyText == null ? "" : keyText;
        if (key.length() < 8 || key.length() > 100) throw new InvalidArgumentException("idempotency_key must have 8 to 100 characters");
        List<Ticket> chosen;
        if (byCode) {
            if (!BOOKING_CODE.matcher(code).matches()) {
                throw new InvalidArgumentException("booking_code must be letters and digits, got \"" + Check.abbreviate(code) + "\"");
            }
            chosen = store.byCode(code.toUpperCase(java.util.Locale.ROOT));
            if (chosen.isEmpty()) throw new NotFoundException("booking_code: no tickets with code " + code);
        } else {
            if (ticketIdTexts.size() > 100) throw new InvalidArgumentException("at most 100 ticket_ids at once");
            List<UUID> ids = ticketIdTexts.stream().map(id -> Check.uuid("ticket_ids", id)).distinct().toList();
            chosen = ids.stream().map(id -> store.find(id)
                    .orElseThrow(() -> new NotFoundException("ticket_ids: there is no ticket " + id))).toList();
            if (chosen.stream().map(Ticket::bookingId).distinct().count() > 1) {
                throw new InvalidArgumentException("ticket_ids must all belong to one booking");
            }
        }
        Ticket first = chosen.get(0);
        requireCinema(caller, first.cinemaId());
        if (chosen.stream().anyMatch(t -> t.status() == Ticket.Status.REVOKED)) {
            throw new FailedPreconditionException("booking " + first.bookingCode()
                    + " has a revoked (refunded or cancelled) ticket; revoked tickets are never printed again");
        }
        String approvedBy = caller.userId();
        if (caller.is(Role.CASHIER)) {
            approvedBy = Approvals.require(verifier, approvalToken, caller, OverrideAction.REPRINT, first.bookingCode(),
                    first.cinemaId().toString(), "a reprint needs a manager's approval").approverId();
        }
        List<Ticket> reprinted = store.reprint(chosen.stream().map(Ticket::id).toList(), first.cinemaId(), key, reason,
                caller.userId(), approvedBy);
        log.info("Reprinted {} ticket(s) of booking {} for {}, approved by {}", reprinted.size(), first.bookingCode(),
                caller.userId(), approvedBy);
        return reprinted;
    }

    /** What to print for a customer: the tickets, and whether they are duplicates (printed before). */
    record Print(List<Ticket> tickets, boolean duplicate) {}

    /**
     * The tickets of a booking to print for the customer: originals the first time (the kiosk that
     * sold them, or the first pickup), counted duplicates after that, recorded like a reprint but
     * without a manager (the customer holds the code). Only VALID tickets print; none valid refuses.
     */
    Print print(Principal caller, String codeText, String keyText) {
        requireRole(caller, Role.KIOSK, Role.CASHIER, Role.MANAGER);
        String code = codeText == null ? "" : codeText.strip();
        if (code.isEmpty()) throw new InvalidArgumentException("booking_code is required");
        if (!BOOKING_CODE.matcher(code).matches()) {
            throw new InvalidArgumentException("booking_code must be letters and digits, got \"" + Check.abbreviate(code) + "\"");
        }
        String key = keyText == null ? "" : keyText;
        if (key.length() < 8 || key.length() > 100) throw new InvalidArgumentException("idempotency_key must have 8 to 100 characters");
        List<Ticket> all = store.byCode(code.toUpperCase(java.util.Locale.ROOT));
        if (all.isEmpty()) throw new NotFoundException("booking_code: no tickets with code " + code);
        Ticket first = all.get(0);
        requireCinema(caller, first.cinemaId());
        List<UUID> valid = all.stream().filter(t -> t.status() == Ticket.Status.VALID).map(Ticket::id).toList();
        if (valid.isEmpty()) {
            throw new FailedPreconditionException(all.stream().anyMatch(t -> t.status() == Ticket.Status.REVOKED)
                    ? "booking " + first.bookingCode() + " was refunded or cancelled; its tickets are never printed"
                    : "the tickets of booking " + first.bookingCode() + " were already used");
        }
        Optional<List<Ticket>> originals = store.firstPrint(valid, key);
        if (originals.isPresent()) {
            log.info("First print of {} ticket(s) of booking {} for {}", valid.size(), first.bookingCode(), caller.userId());
            return new Print(originals.get(), false);
        }
        List<Ticket> duplicates = store.reprint(valid, first.cinemaId(), key, "printed again at pickup", caller.userId(), caller.userId());
        log.info("Printed {} duplicate(s) of booking {} at pickup for {}", duplicates.size(), first.bookingCode(), caller.userId());
        return new Print(duplicates, true);
    }

    /** One ticket per sold seat of a confirmed booking; the same tickets on every later call. */
    List<Ticket> issue(Principal caller, String bookingIdText) {
        UUID bookingId = Check.uuid("booking_id", bookingIdText);
        return issue(caller, bookings.byId(bookingId));
    }

    /**
     * As {@link #issue(Principal, String)} for the booking reservations sent with the call (its
     * checkout: no call back for the booking). A booking is believed only from the reservations
     * service, which alone holds the tickets.issue scope.
     */
    List<Ticket> issueWithBooking(Principal caller, String bookingIdText, java.util.function.Supplier<BookingInfo> sent) {
        if (!marquee.platform.auth.ServiceScopes.has(caller, marquee.platform.auth.ServiceScopes.TICKETS_ISSUE)) {
            throw new PermissionDeniedException("only the reservations service may send the booking with IssueTickets;"
                    + " leave booking out and tickets reads it itself");
        }
        UUID bookingId = Check.uuid("booking_id", bookingIdText);
        BookingInfo snapshot;
        try {
            snapshot = sent.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("booking: not a booking as reservations sends it (" + e.getMessage() + ")");
        }
        if (!snapshot.id().equals(bookingId)) throw new InvalidArgumentException("booking.id must be the booking_id to issue");
        return issue(caller, snapshot);
    }

    private List<Ticket> issue(Principal caller, BookingInfo booking) {
        boolean allowed = marquee.platform.auth.ServiceScopes.has(caller, marquee.platform.auth.ServiceScopes.TICKETS_ISSUE)
                || (caller.is(Role.CASHIER, Role.MANAGER, Role.KIOSK) && ofCinema(caller, booking.cinemaId()))
                || (caller.userId() != null && caller.userId().equalsIgnoreCase(booking.userId()));
        if (!allowed) {
            throw new PermissionDeniedException("Only the booking's customer, staff or kiosks of its cinema may issue its tickets");
        }
        if (!booking.confirmed()) {
            throw new FailedPreconditionException("booking " + booking.code() + " is " + booking.status().name()
                    + "; tickets are issued only for a confirmed (paid) booking");
        }
        if (booking.lines().isEmpty()) {
            throw new FailedPreconditionException("booking " + booking.code() + " has no seats");
        }
        List<Ticket> tickets = store.issue(booking);
        log.debug("Booking {} has {} ticket(s)", booking.code(), tickets.size());
        return tickets;
    }

    /** Tickets of a booking found by its code, if the caller may see the booking. */
    List<Ticket> byCode(Principal caller, String codeText) {
        String code = codeText == null ? "" : codeText.strip();
        if (code.isEmpty()) throw new InvalidArgumentException("booking_code is required");
        if (!BOOKING_CODE.matcher(code).matches()) {
            throw new InvalidArgumentException("booking_code must be letters and digits, got \"" + Check.abbreviate(code) + "\"");
        }
        // The reservations service applies its visibility rules to the caller (the token travels on).
        BookingInfo booking = bookings.byCode(code.toUpperCase(java.util.Locale.ROOT));
        return store.byBooking(booking.id());
    }

    /** Checks a scan; with {@code admit} also uses the ticket, exactly once however many doors scan it. */
    Verification scan(Principal caller, String qrText, String showtimeText, boolean admit) {
        return scan(caller, qrText, showtimeText, admit, 0);
    }

    /**
     * A scan at a door that admits from {@code admitMinutesBefore} minutes before the start (0: any
     * time): a valid ticket whose showtime starts later is TOO_EARLY and is not used up.
     */
    Verification scan(Principal caller, String qrText, String showtimeText, boolean admit, int admitMinutesBefore) {
        requireRole(caller, Role.CASHIER, Role.MANAGER, Role.KIOSK, Role.DOOR);
        if (admitMinutesBefore < 0 || admitMinutesBefore > 7 * 24 * 60) {
            throw new InvalidArgumentException("admit_minutes_before must be 0 to 10080 minutes");
        }
        if (admit && (caller.is(Role.KIOSK) || caller.isService())) {
            // Checking in uses the ticket up: a kiosk (or a service) may verify a ticket, only door staff admit.
            throw new PermissionDeniedException("checking in is for door staff (DOOR, CASHIER or MANAGER); a kiosk may only verify a ticket");
        }
        String qr = qrText == null ? "" : qrText.strip();
        if (qr.isEmpty()) throw new InvalidArgumentException("qr_payload is required (the scanned text)");
        if (qr.length() > MAX_QR_LENGTH) {
            throw new InvalidArgumentException("qr_payload is longer than any ticket code (" + qr.length() + " characters)");
        }
        UUID door = showtimeText == null || showtimeText.isBlank() ? null : Check.uuid("showtime_id", showtimeText);

        Optional<QrCodec.Claims> claims;
        if (terminalKeys != null && qr.startsWith(marquee.platform.auth.TerminalQr.PREFIX)) {
            // Sold offline by a terminal and signed with its registered key ("MQ2").
            Optional<TerminalKeys.Verified> offline = terminalKeys.verify(qr);
            if (offline.isPresent()) {
                requireCinema(caller, offline.get().key().cinemaId());
                Optional<Verification> early = notUploaded(caller, offline.get(), door, admit, admitMinutesBefore);
                if (early.isPresent()) return early.get();
            }
            claims = offline.map(TerminalKeys.Verified::asQr);
        } else {
            claims = codec.verify(qr);
        }
        Optional<Ticket> found = claims.flatMap(c -> store.byId(c.ticketId()));
        if (found.isEmpty() || !found.get().claims().equals(claims.get())) {
            // A valid signature over claims that differ from the stored ticket is treated as forged too.
            log.warn("Rejected a forged or unknown ticket code ({} characters)", qr.length());
            return new Verification(Outcome.FORGED, null, "Not a genuine ticket: do not admit");
        }
        Ticket ticket = found.get();
        requireCinema(caller, ticket.cinemaId());
        Optional<Verification> refusal = refusal(ticket, door);
        if (refusal.isPresent()) return refusal.get();
        if (admitMinutesBefore > 0 && ticket.startsAt().isAfter(java.time.Instant.now().plusSeconds(60L * admitMinutesBefore))) {
            return new Verification(Outcome.TOO_EARLY, ticket, "Too early: doors open " + admitMinutesBefore
                    + " minutes before the show (" + CLOCK_TIME.format(ticket.startsAt()) + ")");
        }
        if (!admit) return new Verification(Outcome.ACCEPTED, ticket, "Valid ticket, seat " + seatLabel(ticket));

        Optional<Ticket> admitted = store.checkIn(ticket);
        if (admitted.isPresent()) {
            return new Verification(Outcome.ACCEPTED, admitted.get(), "Admit: seat " + seatLabel(ticket));
        }
        // Another door (or a revocation) changed it between our read and our update: report what won.
        Ticket now = store.byId(ticket.id()).orElseThrow();
        return refusal(now, door).orElseThrow(() -> new IllegalStateException("ticket " + now.id() + " is valid but not admitted"));
    }

    /** An MQ2 ticket whose sale is not uploaded yet: checked from its signed claims, admitted once. Empty once it is issued. */
    private Optional<Verification> notUploaded(Principal caller, TerminalKeys.Verified offline, UUID door, boolean admit,
                                               int admitMinutesBefore) {
        var claims = offline.claims();
        if (door != null && !door.equals(claims.showtimeId())) {
            if (store.byId(claims.ticketId()).isPresent()) return Optional.empty();
            Ticket seen = terminalKeys.notUploaded(offline, false, caller.userId()).map(TerminalKeys.NotUploaded::ticket).orElse(null);
            if (seen == null) return Optional.empty();
            return Optional.of(new Verification(Outcome.WRONG_SHOW, seen, "Ticket is for another showtime: do not admit"));
        }
        java.time.Instant startsAt = java.time.Instant.ofEpochSecond(claims.startsAtEpochSecond());
        if (admitMinutesBefore > 0 && startsAt.isAfter(java.time.Instant.now().plusSeconds(60L * admitMinutesBefore))) {
            Ticket seen = terminalKeys.notUploaded(offline, false, caller.userId()).map(TerminalKeys.NotUploaded::ticket).orElse(null);
            if (seen == null) return Optional.empty();
            return Optional.of(new Verification(Outcome.TOO_EARLY, seen, "Too early: doors open " + admitMinutesBefore
                    + " minutes before the show (" + CLOCK_TIME.format(startsAt) + ")"));
        }
        Optional<TerminalKeys.NotUploaded> result = terminalKeys.notUploaded(offline, admit, caller.userId());
        if (result.isEmpty()) return Optional.empty();
        Ticket ticket = result.get().ticket();
        if (ticket.status() == Ticket.Status.REVOKED) {
            return Optional.of(new Verification(Outcome.REVOKED_TICKET, ticket,
                    "Ticket was sold offline for a seat someone else has; it is to be refunded: do not admit"));
        }
        if (admit && result.get().admittedNow()) {
            log.info("Admitted offline-sold ticket {} (terminal {}) before its sale was uploaded", ticket.id(), offline.key().deviceId());
            return Optional.of(new Verification(Outcome.ACCEPTED, ticket, "Admit: seat " + ticket.seatId() + " (sold offline)"));
        }
        if (ticket.status() == Ticket.Status.USED) {
            return Optional.of(new Verification(Outcome.ALREADY_USED, ticket,
                    "Already used at " + CLOCK_TIME.format(ticket.usedAt()) + ": do not admit"));
        }
        return Optional.of(new Verification(Outcome.ACCEPTED, ticket, "Valid ticket, seat " + ticket.seatId() + " (sold offline)"));
    }

    private static Optional<Verification> refusal(Ticket ticket, UUID door) {
        return switch (ticket.status()) {
            case REVOKED -> Optional.of(new Verification(Outcome.REVOKED_TICKET, ticket,
                    "Ticket was cancelled or refunded: do not admit"));
            case USED -> Optional.of(wrongShow(ticket, door).orElseGet(() -> new Verification(Outcome.ALREADY_USED, ticket,
                    "Already used at " + CLOCK_TIME.format(ticket.usedAt()) + ": do not admit")));
            case VALID -> wrongShow(ticket, door);
        };
    }

    private static Optional<Verification> wrongShow(Ticket ticket, UUID door) {
        if (door == null || door.equals(ticket.showtimeId())) return Optional.empty();
        return Optional.of(new Verification(Outcome.WRONG_SHOW, ticket,
                "Ticket is for another showtime: " + ticket.movieTitle() + " in " + ticket.hallName()));
    }

    /** Revokes a booking's tickets (cancellation, refund); revoking again changes nothing. */
    List<Ticket> revoke(Principal caller, String bookingIdText, String reasonText) {
        requireRole(caller, Role.CASHIER, Role.MANAGER);
        marquee.platform.auth.ServiceScopes.require(caller, marquee.platform.auth.ServiceScopes.TICKETS_REVOKE);
        UUID bookingId = Check.uuid("booking_id", bookingIdText);
        String reason = Check.text("reason", reasonText, 0, 500);
        // Our own copy names the cinema when tickets exist; otherwise the booking does.
        UUID cinemaId = store.cinemaOfBooking(bookingId).orElseGet(() -> bookings.byId(bookingId).cinemaId());
        requireCinema(caller, cinemaId);
        List<Ticket> tickets = store.revoke(bookingId, cinemaId, reason);
        log.info("Revoked the tickets of booking {} ({}): {}", bookingId, tickets.size(), reason);
        return tickets;
    }

    /** Changes of a cinema's tickets after the cursor, oldest first. */
    SyncPage changes(Principal caller, String cinemaText, String cursorText, int limitValue) {
        requireRole(caller, Role.KIOSK, Role.CASHIER, Role.MANAGER, Role.DOOR);
        UUID cinemaId = Check.uuid("cinema_id", cinemaText);
        int limit = limitValue == 0 ? DEFAULT_SYNC_LIMIT : Check.range("limit", limitValue, 1, MAX_SYNC_LIMIT);
        String cursorTrimmed = cursorText == null ? "" : cursorText.strip();
        if (!cursorTrimmed.isEmpty() && !CURSOR.matcher(cursorTrimmed).matches()) {
            throw new InvalidArgumentException("cursor must be empty or a next_cursor this service returned");
        }
        long cursor = cursorTrimmed.isEmpty() ? 0 : Long.parseLong(cursorTrimmed);
        requireCinema(caller, cinemaId);
        List<Ticket> found = store.changesSince(cinemaId, cursor, limit + 1);
        boolean hasMore = found.size() > limit;
        List<Ticket> page = hasMore ? found.subList(0, limit) : found;
        long next = page.isEmpty() ? cursor : page.get(page.size() - 1).changeSeq();
        return new SyncPage(List.copyOf(page), Long.toString(next), hasMore);
    }

    /** The signed code to print; none for a revoked ticket, which must not print. */
    String qrPayload(Ticket ticket) {
        if (ticket.status() == Ticket.Status.REVOKED) return "";
        if (terminalKeys != null && ticket.bookingCode().length() == 8) {
            // Sold offline: the ticket keeps the text its terminal printed ("MQ2").
            Optional<String> printed = terminalKeys.printedText(ticket);
            if (printed.isPresent()) return printed.get();
        }
        // Ed25519 signatures are deterministic and cost about a millisecond each here; a ticket is
        // listed many times (issue, pickup, sync), so each payload is signed once per process.
        var claims = ticket.claims();
        String payload = signed.get(claims);
        if (payload == null) {
            payload = codec.sign(claims);
            if (signed.size() > 50_000) signed.clear();
            signed.put(claims, payload);
        }
        return payload;
    }

    private final java.util.Map<Object, String> signed = new java.util.concurrent.ConcurrentHashMap<>();

    java.security.PublicKey verificationKey() {
        return codec.verificationKey();
    }

    private static void requireRole(Principal caller, Role... staffRoles) {
        if (caller.isService() || caller.is(staffRoles)) return;
        throw new PermissionDeniedException("This needs a staff or kiosk account (or a backend service); you are signed in as "
                + caller.role().name());
    }

    /** Staff and kiosks act for their own cinema; a manager without a cinema oversees all. */
    private static boolean ofCinema(Principal caller, UUID cinemaId) {
        if (caller.isService()) return true;
        if (caller.is(Role.MANAGER) && caller.cinema().isEmpty()) return true;
        return caller.cinema().map(c -> c.equalsIgnoreCase(cinemaId.toString())).orElse(false);
    }

    private static void requireCinema(Principal caller, UUID cinemaId) {
        if (!ofCinema(caller, cinemaId)) {
            throw new PermissionDeniedException("You may act only for your own cinema; this is cinema " + cinemaId);
        }
    }

    private static String seatLabel(Ticket ticket) {
        return ticket.row() + ticket.number();
    }
}
