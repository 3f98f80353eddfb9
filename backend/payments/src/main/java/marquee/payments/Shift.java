package marquee.payments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A cashier's shift at a station: opening float, drops, and (once closed) the counted cash. */
record Shift(UUID id, UUID cinemaId, String stationId, String cashierId, String currency, long openingFloatMinor,
             Instant openedAt, Instant closedAt, String closedBy, Long countedMinor, Long expectedMinor, List<Drop> drops) {

    boolean open() {
        return closedAt == null;
    }

    /** Cash taken from the drawer to the safe. */
    record Drop(UUID id, UUID shiftId, String idempotencyKey, long amountMinor, String note, String recordedBy,
                Instant createdAt) {}

    /** What the shift's payments, refunds and drops add up to (from the database, in one query each). */
    record Figures(int cashSaleCount, long cashSalesMinor, int cardSaleCount, long cardSalesMinor, int refundCount,
                   long refundsMinor, long cashRefundsMinor, int voidCount, long voidsMinor, int dropCount, long dropsMinor,
                   int ticketsSold) {

        /** Cash the drawer should hold: float + cash sales − cash paid out (refunds, voids) − drops. */
        long expectedCash(long openingFloatMinor) {
            return openingFloatMinor + cashSalesMinor - cashRefundsMinor - dropsMinor;
        }
    }

    /** A void: who asked, who approved, why and in which shift; written with its refund of kind VOID. */
    record Void(UUID paymentId, String idempotencyKey, String reason, String requestedBy, String approvedBy, UUID shiftId,
                Instant createdAt) {}
}
