package marquee.payments;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import marquee.platform.auth.Principal;
import marquee.platform.errors.AlreadyExistsException;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cashier shifts: open with a float, cash drops, a counted close and the end-of-shift report.
 * Every figure comes from the rows that belong to the shift (payments and refunds carry the shift
 * id, written in the same transaction that share-locks the open shift), so the report cannot
 * disagree with the payments themselves.
 */
final class Shifts {
    private static final Logger log = LoggerFactory.getLogger(Shifts.class);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final PaymentStore store;
    private final ShiftStore shifts;
    private final Clock clock;

    Shifts(PaymentStore store, ShiftStore shifts, Clock clock) {
        this.store = store;
        this.shifts = shifts;
        this.clock = clock;
    }

    /** A shift and its figures; expected is the drawer's cash now (open) or at the close. */
    record Report(Shift shift, Shift.Figures figures, long expectedMinor) {}

    Shift open(Principal caller, String stationText, long floatMinor, String currencyText, String keyText) {
        requireStaffOfACinema(caller);
        String station = Check.text("station_id", stationText, 1, 100).strip();
        if (floatMinor < 0) throw new InvalidArgumentException("opening_float.amount_minor must not be negative");
        String currency = currencyText == null ? "" : currencyText.strip().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(currency).matches()) {
            throw new InvalidArgumentException("opening_float.currency must be an ISO 4217 code such as EUR");
        }
        String key = Payments.idempotencyKey(keyText);
        Optional<Shift> earlier = store.read(c -> shifts.byOpenKey(c, key));
        if (earlier.isPresent()) return replayOpen(caller, earlier.get());
        UUID id = UUID.randomUUID();
        Shift fresh = new Shift(id, UUID.fromString(caller.cinemaId()), station, caller.userId(), currency, floatMinor,
                clock.instant(), null, null, null, null, java.util.List.of());
        try {
            Shift opened = store.inTransaction(c -> {
                shifts.insert(c, fresh, key);
                return shifts.find(c, id).orElseThrow();
            });
            log.info("Shift {} opened by {} at station {} with a float of {} {}", id, caller.userId(), station,
                    Money.format(floatMinor, currency), currency);
            return opened;
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) throw e;
            String message = String.valueOf(sql.getMessage());
            if (message.contains("open_key")) {
                return replayOpen(caller, store.read(c -> shifts.byOpenKey(c, key)).orElseThrow());
            }
            if (message.contains("shifts_one_open_per_station")) {
                throw new AlreadyExistsException("station " + station + " already has an open shift; close it first");
            }
            throw new AlreadyExistsException("you already have an open shift; close it before opening another");
        }
    }

    private static Shift replayOpen(Principal caller, Shift shift) {
        if (!shift.cashierId().equals(caller.userId())) {
            throw new InvalidArgumentException("idempotency key reused: it already opened another staff member's shift");
        }
        return shift;
    }

    Shift drop(Principal caller, String shiftIdText, long amountMinor, String noteText, String keyText) {
        UUID shiftId = Check.uuid("shift_id", shiftIdText);
        if (amountMinor <= 0) throw new InvalidArgumentException("amount_minor must be more than 0");
        String note = noteText == null ? "" : noteText.strip();
        if (note.length() > 200) throw new InvalidArgumentException("note must have at most 200 characters");
        String key = Payments.idempotencyKey(keyText);
        Shift shift = find(shiftId);
        requireMayUse(caller, shift);
        return store.inTransaction(c -> {
            Optional<Shift.Drop> earlier = shifts.dropByKey(c, key);
            if (earlier.isPresent()) {
                if (!earlier.get().shiftId().equals(shiftId)) {
                    throw new InvalidArgumentException("idempotency key reused: it already belongs to a drop of another shift");
                }
                return shifts.find(c, shiftId).orElseThrow();
            }
            Shift open = shifts.lockIfOpen(c, shiftId)
                    .orElseThrow(() -> new FailedPreconditionException("shift " + shiftId + " is closed: no more drops"));
            shifts.insertDrop(c, new Shift.Drop(UUID.randomUUID(), shiftId, key, amountMinor, note, caller.userId(), clock.instant()));
            log.info("Shift {}: drop of {} {} by {}", shiftId, Money.format(amountMinor, open.currency()), open.currency(),
                    caller.userId());
            return shifts.find(c, shiftId).orElseThrow();
        });
    }

    Shift get(Principal caller, String shiftIdText) {
        Shift shift = find(Check.uuid("shift_id", shiftIdText));
        requireMayUse(caller, shift);
        return shift;
    }

    Shift current(Principal caller) {
        if (!caller.isStaff()) throw new PermissionDeniedException("shifts are for a CASHIER or MANAGER");
        return store.read(c -> shifts.openShiftOf(c, caller.userId()))
                .orElseThrow(() -> new NotFoundException("you have no open shift; open one first"));
    }

    Report close(Principal caller, String shiftIdText, long countedMinor, String keyText) {
        UUID shiftId = Check.uuid("shift_id", shiftIdText);
        if (countedMinor < 0) throw new InvalidArgumentException("counted_minor must not be negative");
        String key = Payments.idempotencyKey(keyText);
        Shift shift = find(shiftId);
        requireMayUse(caller, shift);
        store.inTransaction(c -> {
            Optional<Shift> earlier = shifts.byCloseKey(c, key);
            if (earlier.isPresent()) {
                if (!earlier.get().id().equals(shiftId)) {
                    throw new InvalidArgumentException("idempotency key reused: it already closed another shift");
                }
                return null;
            }
            // The lock waits for payments, refunds and drops still adding to the shift, and keeps new ones out.
            Shift locked = shifts.lockForClose(c, shiftId).orElseThrow();
            if (!locked.open()) throw new FailedPreconditionException("shift " + shiftId + " is already closed");
            long expected = shifts.figures(c, shiftId).expectedCash(locked.openingFloatMinor());
            shifts.close(c, shiftId, caller.userId(), key, countedMinor, expected, clock.instant());
            log.info("Shift {} closed by {}: counted {}, expected {} ({})", shiftId, caller.userId(),
                    Money.format(countedMinor, locked.currency()), Money.format(expected, locked.currency()), locked.currency());
            return null;
        });
        return report(shiftId);
    }

    Report report(Principal caller, String shiftIdText) {
        Shift shift = find(Check.uuid("shift_id", shiftIdText));
        requireMayUse(caller, shift);
        return report(shift.id());
    }

    private Report report(UUID shiftId) {
        return store.read(c -> {
            Shift shift = shifts.find(c, shiftId).orElseThrow();
            Shift.Figures figures = shifts.figures(c, shiftId);
            long expected = shift.open() ? figures.expectedCash(shift.openingFloatMinor()) : shift.expectedMinor();
            return new Report(shift, figures, expected);
        });
    }

    private Shift find(UUID id) {
        return store.read(c -> shifts.find(c, id)).orElseThrow(() -> new NotFoundException("shift_id: there is no shift " + id));
    }

    /** The shift's own cashier, or a manager of its cinema (or of the chain). */
    static void requireMayUse(Principal caller, Shift shift) {
        if (caller.userId().equals(shift.cashierId()) && caller.isStaff()) return;
        if (caller.is(Role.MANAGER) && (caller.cinema().isEmpty() || caller.cinemaId().equals(shift.cinemaId().toString()))) {
            return;
        }
        throw new PermissionDeniedException("this is another cashier's shift: only its cashier or a manager of the cinema may use it");
    }

    private static void requireStaffOfACinema(Principal caller) {
        if (!caller.isStaff()) throw new PermissionDeniedException("shifts are for a CASHIER or MANAGER");
        if (caller.cinema().isEmpty()) {
            throw new PermissionDeniedException("a shift is worked at a cinema: sign in as staff of one cinema");
        }
    }
}
