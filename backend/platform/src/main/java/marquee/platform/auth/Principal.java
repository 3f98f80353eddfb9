package marquee.platform.auth;

import java.util.Optional;
import java.util.Set;
import marquee.users.v1.Role;

/** Who is calling, as proven by a verified access token. */
public record Principal(String userId, Role role, String cinemaId, String displayName, String token, Set<String> scopes) {

    public Principal {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** A person or device (no service scopes). */
    public Principal(String userId, Role role, String cinemaId, String displayName, String token) {
        this(userId, role, cinemaId, displayName, token, Set.of());
    }

    public boolean is(Role... roles) {
        for (Role candidate : roles) {
            if (candidate == role) return true;
        }
        return false;
    }

    /** A backend service acting on its own behalf (compensation, reconciliation). */
    public boolean isService() {
        return role == Role.SERVICE;
    }

    public boolean isStaff() {
        return is(Role.CASHIER, Role.MANAGER);
    }

    public Optional<String> cinema() {
        return cinemaId == null || cinemaId.isEmpty() ? Optional.empty() : Optional.of(cinemaId);
    }
}
