package marquee.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void firstMistakesDoNotLock() {
        assertThat(throttle.lockedUntil(4, now)).isNull();
    }

    @Test
    void lockDoublesWithEachFurtherFailureUpToTheCeiling() {
        assertThat(throttle.lockedUntil(5, now)).isEqualTo(now.plusSeconds(30));
        assertThat(throttle.lockedUntil(6, now)).isEqualTo(now.plusSeconds(60));
        assertThat(throttle.lockedUntil(7, now)).isEqualTo(now.plusSeconds(120));
        assertThat(throttle.lockedUntil(50, now)).isEqualTo(now.plus(Duration.ofMinutes(15)));
    }
}
