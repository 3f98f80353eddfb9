package marquee.movies;

import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an unknown cinema from a quiet day. Asked only when a listing came back empty, so the
 * programme stays readable from this service's own data when the theaters service is slow.
 */
final class CinemaCheck {
    private static final Logger log = LoggerFactory.getLogger(CinemaCheck.class);

    private final Theaters theaters;

    CinemaCheck(Theaters theaters) {
        this.theaters = theaters;
    }

    /** NotFoundException if the theaters service says the cinema does not exist. */
    void requireKnown(UUID cinemaId) {
        try {
            theaters.cinema(cinemaId);
        } catch (StatusRuntimeException e) {
            // Unreachable or failing: an empty list is still a true answer for our own data.
            log.warn("Could not check cinema {} with the theaters service: {}", cinemaId, e.getStatus());
        }
    }
}
