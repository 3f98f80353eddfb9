package marquee.platform.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import marquee.platform.errors.PermissionDeniedException;

/**
 * What each backend service may do at another when it acts on its own behalf (a SERVICE token).
 * The users service writes the grants of the signing-in service into the token's {@value #CLAIM}
 * claim; the called service checks the one its RPC needs. So a compromised tickets or payments
 * pod, holding only its own secret, cannot refund a payment: only reservations may.
 */
public final class ServiceScopes {
    /** JWT claim with the granted scopes, space-separated (as in OAuth 2). */
    public static final String CLAIM = "scope";

    /** Refund a payment (checkout compensation, cancellation). */
    public static final String PAYMENTS_REFUND = "payments.refund";
    /** Charge for a booking (a checkout resumed without its customer). */
    public static final String PAYMENTS_CHARGE = "payments.charge";
    /** Read payments of a booking. */
    public static final String PAYMENTS_READ = "payments.read";
    /** Issue a confirmed booking's tickets. */
    public static final String TICKETS_ISSUE = "tickets.issue";
    /** Revoke a booking's tickets (cancellation, refund). */
    public static final String TICKETS_REVOKE = "tickets.revoke";
    /** Read any booking (pricing a charge, issuing tickets). */
    public static final String RESERVATIONS_READ = "reservations.read";
    /** Confirm a booking with a payment (granted to no service: checkout sells inside reservations). */
    public static final String RESERVATIONS_CONFIRM = "reservations.confirm";
    /** Cancel a booking on a service's own behalf (granted to no service: cancellations start with a person). */
    public static final String RESERVATIONS_CANCEL = "reservations.cancel";
    /** Read an account's e-mail address (notifications mails a customer). */
    public static final String USERS_READ = "users.read";
    /** Read halls and layouts (movies checks a showtime's hall). */
    public static final String THEATERS_READ = "theaters.read";

    private static final Map<String, Set<String>> GRANTS = Map.of(
            "reservations", Set.of(PAYMENTS_REFUND, PAYMENTS_CHARGE, PAYMENTS_READ, TICKETS_ISSUE, TICKETS_REVOKE),
            "payments", Set.of(RESERVATIONS_READ),
            "tickets", Set.of(RESERVATIONS_READ),
            "movies", Set.of(THEATERS_READ),
            "theaters", Set.of(),
            "notifications", Set.of(RESERVATIONS_READ, USERS_READ),
            "users", Set.of());

    private ServiceScopes() {}

    /** The scopes a service is granted (empty for an unknown name). */
    public static Set<String> of(String service) {
        return GRANTS.getOrDefault(service, Set.of());
    }

    /** The claim value for a service: its scopes, sorted, space-separated. */
    public static String claimOf(String service) {
        return String.join(" ", of(service).stream().sorted().toList());
    }

    public static Set<String> parse(String claim) {
        if (claim == null || claim.isBlank()) return Set.of();
        return Set.copyOf(List.of(claim.strip().split("\\s+")));
    }

    /** Whether the caller is a service granted {@code scope}. */
    public static boolean has(Principal caller, String scope) {
        return caller.isService() && caller.scopes().contains(scope);
    }

    /** For a SERVICE caller: refuses unless it holds {@code scope}. Other callers pass (their role is checked elsewhere). */
    public static void require(Principal caller, String scope) {
        if (caller.isService() && !caller.scopes().contains(scope)) {
            throw new PermissionDeniedException("the " + caller.userId().replaceFirst("^service:", "") + " service may not "
                    + scope.replace('.', ' ') + " (its token grants: " + String.join(" ", caller.scopes().stream().sorted().toList())
                    + ")");
        }
    }
}
