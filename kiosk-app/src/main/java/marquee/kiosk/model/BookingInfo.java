package marquee.kiosk.model;

import java.time.Instant;
import java.util.List;

/** A booking as support sees it (any status), with what the screens and receipts show. */
public record BookingInfo(String id, String code, HoldStatus status, String filmTitle, String hallName, Instant startsAt,
               List<HoldLine> lines, Money total, String paymentId) {}
