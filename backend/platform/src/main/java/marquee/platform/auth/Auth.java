package marquee.platform.auth;

import io.grpc.Context;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.UnauthenticatedException;
import marquee.users.v1.Role;

/** The caller of the current RPC, and the role checks every RPC makes. */
public final class Auth {
    static final Context.Key<Principal> PRINCIPAL = Context.key("marquee.principal");

    private Auth() {}

    /** The verified caller, if a token was sent. */
    public static Optional<Principal> current() {
        return Optional.ofNullable(PRINCIPAL.get());
    }

    /** The caller, who must be signed in. */
    public static Principal requireSignedIn() {
        return current().orElseThrow(() -> new UnauthenticatedException(
                "Sign in first: this call needs an access token (authorization: Bearer …)"));
    }

    /** The caller, who must have one of the roles. */
    public static Principal require(Role... roles) {
        Principal principal = requireSignedIn();
        if (!principal.is(roles)) {
            throw new PermissionDeniedException("This needs the role "
                    + Arrays.stream(roles).map(Enum::name).collect(Collectors.joining(" or "))
                    + "; you are signed in as " + principal.role().name());
        }
        return principal;
    }

    /** Runs code as the given principal (tests, background jobs that act for a caller). */
    public static Context withPrincipal(Principal principal) {
        return Context.current().withValue(PRINCIPAL, principal);
    }
}
