package marquee.kiosk.model;

import java.time.Instant;

/** What the backend says about a scanned QR; {@code ticket} is null when FORGED, {@code usedAt} when ALREADY_USED. */
public record Verification(VerificationResult result, String message, TicketRecord ticket, Instant usedAt) {}
