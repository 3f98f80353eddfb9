package marquee.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import marquee.platform.errors.ResourceExhaustedException;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter("attempts", RateLimit.of(3, Duration.ofMinutes(1)), now::get);

    @Test
    void aBurstUpToTheCapacityPassesThenTheCallerIsToldWhenToComeBack() {
        for (int i = 0; i < 3; i++) limiter.acquire("a");
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOfSatisfying(ResourceExhaustedException.class, e -> {
            assertThat(e.getMessage()).contains("Too many attempts; try again in 20 seconds");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        });
        limiter.acquire("b"); // another key has its own bucket
    }

    @Test
    void attemptsComeBackEvenlyOverThePeriod() {
        for (int i = 0; i < 3; i++) limiter.acquire("a");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        limiter.acquire("a");
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void settingsParseAndOffSwitchesTheLimitOff() {
        assertThat(RateLimit.parse("30/1m")).isEqualTo(RateLimit.of(30, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("10/PT1H")).isEqualTo(RateLimit.of(10, Duration.ofHours(1)));
        assertThat(RateLimit.parse("5/30s")).isEqualTo(RateLimit.of(5, Duration.ofSeconds(30)));
        RateLimiter off = new RateLimiter("x", RateLimit.parse("off"));
        for (int i = 0; i < 1000; i++) off.acquire("a");
    }

    @Test
    void theForwardedAddressCountsOnlyFromATrustedProxy() throws Exception {
        ClientAddress clients = new ClientAddress(List.of("10.1.0.0/16", "::1"), true);
        assertThat(clients.resolve(InetAddress.getByName("10.1.2.3"), "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(clients.resolve(InetAddress.getByName("10.1.2.3"), "198.51.100.1, 203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(clients.resolve(InetAddress.getByName("10.2.0.1"), "203.0.113.7")).isEqualTo("10.2.0.1");
        assertThat(clients.resolve(InetAddress.getByName("10.1.2.3"), "not-an-address")).isEqualTo("10.1.2.3");
        assertThat(clients.exempt("127.0.0.1")).isTrue();
        assertThat(clients.exempt(ClientAddress.IN_PROCESS)).isTrue();
        assertThat(clients.exempt("10.1.2.3")).isFalse();
        assertThat(new ClientAddress(List.of(), false).exempt("127.0.0.1")).isFalse();
    }
}
