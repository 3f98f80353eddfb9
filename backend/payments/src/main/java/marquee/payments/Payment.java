package marquee.payments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored payment with its refunds. Holds no card data beyond brand and last four digits. */
record Payment(UUID id, String idempotencyKey, UUID bookingId, UUID cinemaId, long amountMinor, String currency,
               long refundedMinor, Status status, Method method, String cardBrand, String cardLast4,
               String gatewayReference, String declineReason, long tenderedMinor, long changeDueMinor,
               String takenBy, Instant createdAt, List<Refund> refunds, UUID shiftId, int seatCount) {

    enum Status { PENDING, APPROVED, DECLINED, PARTIALLY_REFUNDED, REFUNDED }

    enum Method { CARD, CASH }

    /** Money was taken (and not all of it given back yet, or all of it). */
    boolean tookMoney() {
        return status == Status.APPROVED || status == Status.PARTIALLY_REFUNDED || status == Status.REFUNDED;
    }

    long remainingMinor() {
        return amountMinor - refundedMinor;
    }

    record Refund(UUID id, UUID paymentId, String idempotencyKey, long amountMinor, String reason, String requestedBy,
                  String approvedBy, String gatewayReference, Instant createdAt, Kind kind, UUID shiftId) {}

    /** An ordinary refund, or the money side of a voided sale. */
    enum Kind { REFUND, VOID }
}
