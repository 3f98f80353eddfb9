package marquee.kiosk.model;

import java.time.Instant;
import java.util.List;

/**
 * The records of offline selling from seats set aside (reservations' {@code OfflineSalesService}):
 * what the terminal was given while online, what it sold while offline, and what the backend made
 * of each sale on upload.
 */
public final class OfflineModel {
    private OfflineModel() {}

    /** The cinema's policy: seats per showtime (0: off), kiosks too, card limit offline (0: cash only). */
    public record Policy(int seatsPerShowtime, boolean kiosksAllowed, long cardFloorLimitMinor, int returnMinutesBefore,
                         int hoursAhead, String currency) {
        public static final Policy OFF = new Policy(0, false, 0, 0, 0, "");
    }

    /** One seat set aside. */
    public record AllocatedSeat(String seatId, String row, int number, SeatCategory category) {}

    /** Seats of one showtime set aside for this terminal, with the price list to sell them by. */
    public record Allocation(String id, String showtimeId, String cinemaId, String movieTitle, String hallName, Instant startsAt,
                             List<AllocatedSeat> seats, PriceList prices, Instant sellUntil, Instant returnsAt) {
        public Allocation {
            seats = List.copyOf(seats);
        }

        public boolean sellable(Instant now) {
            return !seats.isEmpty() && now.isBefore(sellUntil);
        }
    }

    /** The terminal's allocations after a take or return, and the policy in force. */
    public record Allocations(List<Allocation> allocations, Policy policy) {
        public Allocations {
            allocations = List.copyOf(allocations);
        }
    }

    /** One ticket of an offline sale as printed. */
    public record SoldTicket(String ticketId, String seatId, String row, int number, SeatCategory category, TicketType ticketType,
                             Money price, String qrPayload) {}

    public enum Method { CASH, CARD }

    /**
     * How an offline sale was paid: cash (what was tendered) or the card terminal's own offline
     * approval (no card data beyond the masked number the terminal printed).
     */
    public record Paid(Method method, long tenderedMinor, String terminalId, String traceNumber, String receiptNumber,
                       String authCode, String maskedPan, String cardBrand) {
        public static Paid cash(long tenderedMinor) {
            return new Paid(Method.CASH, tenderedMinor, "", "", "", "", "", "");
        }
    }

    /** A sale made offline, as journaled before anything was printed. */
    public record Sale(String saleId, String allocationId, String showtimeId, String movieTitle, String hallName, Instant startsAt,
                       String bookingCode, List<SoldTicket> tickets, Money bookingFee, Money total, Paid payment, Instant soldAt,
                       String soldBy, String shiftId) {
        public Sale {
            tickets = List.copyOf(tickets);
        }

        /** Change due for cash (0 for card). */
        public long changeDueMinor() {
            return payment.method() == Method.CASH ? payment.tenderedMinor() - total.amountMinor() : 0;
        }
    }

    public enum Outcome { RECORDED, ALREADY_RECORDED, CONFLICT, REJECTED }

    /** What the backend made of one uploaded sale. */
    public record Receipt(String saleId, Outcome outcome, String bookingId, String paymentId, String message) {
        /** A CONFLICT or REJECTED: staff must show it to a manager. */
        public boolean needsManager() {
            return outcome == Outcome.CONFLICT || outcome == Outcome.REJECTED;
        }
    }

    /** A journaled sale and what became of it (receipt null until uploaded). */
    public record Journaled(Sale sale, Receipt receipt, Instant syncedAt) {}

    /** The journal's state for the device report and the till's status line. */
    public record Stats(int unsynced, Instant oldestUnsynced, Instant lastSync, int allocatedSeats, int needingManager) {}

    /** Keys a door accepts offline: the tickets service's own and every registered terminal key (by key id). */
    public record VerificationKeys(byte[] backendKey, java.util.Map<String, byte[]> terminalKeys) {}
}
