package marquee.kiosk.model;

import java.util.List;

public record Payment(String id, String bookingId, Money amount, Money refunded, PaymentStatus status, PaidBy method,
               String takenBy, String shiftId, List<RefundRecord> refunds) {}
