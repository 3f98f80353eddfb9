package marquee.platform.auth;

import io.jsonwebtoken.Claims;
import java.time.Instant;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.UnauthenticatedException;
import marquee.users.v1.OverrideAction;
import marquee.users.v1.Role;

/**
 * A manager's on-the-spot approval of one action (refund above the limit, void, reprint), as
 * signed by the users service ({@code ApproveOverride}): a short-lived JWT with audience
 * {@value TokenVerifier#APPROVAL_AUDIENCE}, the approver as subject, and claims naming the action,
 * its subject and the staff member it was given to. Services check it with the users public key,
 * like access tokens; an approval is refused as an access token and vice versa.
 */
public final class Approvals {
    /** Claim: the approved action ({@link OverrideAction} name). */
    public static final String ACTION_CLAIM = "act";
    /** Claim: what the action applies to (payment id, booking code). */
    public static final String SUBJECT_CLAIM = "obj";
    /** Claim: the account the approval was given to (the cashier at the desk). */
    public static final String FOR_CLAIM = "for";

    private Approvals() {}

    /** A checked approval: who approved, and until when it was good. */
    public record Approval(String approverId, String approverCinemaId, OverrideAction action, String subject, Instant expiresAt) {}

    /**
     * The approval in {@code token} for exactly this action and subject, given to {@code caller} by a
     * manager of {@code cinemaId} (or a chain-wide manager); PERMISSION_DENIED, saying why, otherwise.
     * {@code needs} opens every message ("a refund of 80.00 … needs a manager's approval").
     */
    public static Approval require(TokenVerifier verifier, String token, Principal caller, OverrideAction action,
                                   String subject, String cinemaId, String needs) {
        if (token == null || token.isBlank()) throw new PermissionDeniedException(needs + " (approval token missing)");
        Claims claims;
        try {
            claims = verifier.approvalClaims(token.strip());
        } catch (UnauthenticatedException e) {
            // The caller's own sign-in is fine; it is the approval that does not hold.
            throw new PermissionDeniedException(needs + "; " + e.getMessage());
        }
        String role = claims.get("role", String.class);
        String cinema = claims.get("cinema", String.class);
        if (!Role.MANAGER.name().equals(role)) throw new PermissionDeniedException(needs + "; the approver is not a manager");
        if (cinema != null && !cinema.isEmpty() && !cinema.equals(cinemaId)) {
            throw new PermissionDeniedException(needs + "; the approver is not a manager of this cinema");
        }
        if (!action.name().equals(claims.get(ACTION_CLAIM, String.class))) {
            throw new PermissionDeniedException(needs + "; the approval is for " + claims.get(ACTION_CLAIM, String.class)
                    + ", not " + action.name());
        }
        if (!subject.equalsIgnoreCase(String.valueOf(claims.get(SUBJECT_CLAIM, String.class)))) {
            throw new PermissionDeniedException(needs + "; the approval is for another " + (action == OverrideAction.REPRINT
                    ? "booking" : "payment"));
        }
        if (!caller.userId().equals(claims.get(FOR_CLAIM, String.class))) {
            throw new PermissionDeniedException(needs + "; the approval was given to someone else");
        }
        return new Approval(claims.getSubject(), cinema == null ? "" : cinema, action, subject,
                claims.getExpiration().toInstant());
    }
}
