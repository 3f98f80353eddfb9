package marquee.kiosk.backend;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import marquee.kiosk.model.Approval;
import marquee.kiosk.model.BookingInfo;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OverrideAction;
import marquee.kiosk.model.Payment;
import marquee.kiosk.model.PaymentSummary;
import marquee.kiosk.model.Sale;
import marquee.kiosk.model.Shift;
import marquee.kiosk.model.ShiftReport;
import marquee.kiosk.model.StaffMember;
import marquee.kiosk.model.TicketInfo;

/**
 * What the till needs from the backend besides the kiosk's calls, in the till's own terms. Same
 * rules as {@link BackendClient}: blocking calls, {@code BackendException}s, never on the FX thread.
 */
public interface CashierBackend {
    /** Signs in a cashier or manager with their staff login and PIN; later calls run as them. */
    StaffMember signInStaff(String staffLogin, String pin);

    /** Forgets the signed-in staff member's token and PIN: nothing runs as them after this. */
    void signOut();

    Optional<Shift> currentShift();

    Shift openShift(String stationId, Money openingFloat, String idempotencyKey);

    Shift recordCashDrop(String shiftId, long amountMinor, String note, String idempotencyKey);

    ShiftReport closeShift(String shiftId, long countedMinor, String idempotencyKey);

    ShiftReport shiftReport(String shiftId);

    PaymentSummary summarizePayments(String cinemaId, String takenBy, Instant from, Instant to);

    /** Pays a hold with cash; the backend checks the tendered amount covers the total and works out the change. */
    Sale checkoutWithCash(String holdId, long tenderedMinor, String idempotencyKey);

    /** Pays a hold by card at the counter terminal; like the kiosk's, but also says which payment it was. */
    Sale checkoutWithCardAtTill(String holdId, String cardNumber, int expiryMonth, int expiryYear, String cvc,
                                String idempotencyKey);

    /** Pays a hold with the approval of the till's card terminal (card present): no card data. */
    default Sale checkoutCardPresentAtTill(String holdId, marquee.terminal.TerminalResult approval, String idempotencyKey) {
        throw new UnsupportedOperationException("card-present payments need the gRPC backend");
    }

    /**
     * Closes a shift with the till terminal's end-of-day totals: the backend reconciles them with the
     * shift's card-present takings and records the difference.
     */
    default ShiftReport closeShiftWithTerminal(String shiftId, long countedMinor, String idempotencyKey,
                                               marquee.terminal.EndOfDayTotals totals) {
        throw new UnsupportedOperationException("terminal reconciliation needs the gRPC backend");
    }

    /** The terminal receipt number of a card-present payment; empty for any other payment. */
    default java.util.Optional<String> cardPresentReceipt(String paymentId) {
        return java.util.Optional.empty();
    }

    /** The terminal reconciliation recorded at a shift's close: terminal total, shift card takings, difference. */
    default java.util.Optional<marquee.kiosk.model.TerminalReconciliation> terminalReconciliation(String shiftId) {
        return java.util.Optional.empty();
    }

    /** A booking by its code (case-insensitive), whatever its status. */
    BookingInfo booking(String code);

    List<Payment> payments(String bookingId);

    /** A manager's staff login and PIN typed at this till; wrong PIN: a {@code BackendException}, no retry. */
    Approval approveOverride(String managerLogin, String pin, OverrideAction action, String subject);

    /** Refunds what is left of a payment (amount 0) or part of it; {@link ApprovalRequiredException} above the cashier limit. */
    Payment refund(String paymentId, long amountMinor, String reason, String approvalToken, String idempotencyKey);

    /**
     * Cancels a sold booking in one backend operation: what is left of its payment refunded, seats
     * free, tickets revoked. {@link ApprovalRequiredException} when the cashier's refunds on that
     * payment would pass the cashier limit in total (the approval token is a manager's REFUND).
     */
    BookingInfo cancelBooking(String bookingId, String reason, String approvalToken);

    /** Voids a sale of this shift: cancelled and refunded in full as a VOID; a cashier needs a manager's VOID approval. */
    BookingInfo voidSale(String bookingId, String reason, String approvalToken);

    /** Duplicates of a booking's tickets (the backend counts the reprint); a cashier needs an approval token. */
    List<TicketInfo> reprintTickets(String bookingCode, String reason, String approvalToken, String idempotencyKey);
}
