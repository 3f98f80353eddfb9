package marquee.platform.auth;

import java.util.Optional;
import marquee.users.v1.Role;

/** Who is calling, as proven by a verified access token. */
public record Principal(String userId, Role role, String cinemaId, String displayName, String token) {

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
