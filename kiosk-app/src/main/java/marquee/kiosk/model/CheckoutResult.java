package marquee.kiosk.model;

import java.util.List;

/**
 * The result of paying a hold. {@code message} explains DECLINED and REFUNDED in plain words;
 * {@code tickets} are filled for COMPLETED.
 */
public record CheckoutResult(CheckoutOutcome outcome, String message, Hold booking, List<TicketInfo> tickets) {}
