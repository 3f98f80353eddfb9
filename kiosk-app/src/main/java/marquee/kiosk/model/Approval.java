package marquee.kiosk.model;

import java.time.Instant;

/** A manager's one-action approval; {@code token} goes with the call it approves. */
public record Approval(String token, String approverId, String approverName, Instant expiresAt) {}
