package marquee.users;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an account is locked after repeated failed sign-ins: nothing for the first few
 * mistakes, then a lock that doubles with every further failure, up to a ceiling. Kept in the
 * account row, so it holds across server instances and restarts.
 */
public record LoginThrottle(int freeAttempts, Duration firstLock, Duration maxLock) {
    public static final LoginThrottle DEFAULT = new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofMinutes(15));

    /** When the account unlocks after {@code failures} consecutive failures, or null if it stays open. */
    public Instant lockedUntil(int failures, Instant now) {
        if (failures < freeAttempts) return null;
        int doublings = Math.min(failures - freeAttempts, 20);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        if (lock.compareTo(maxLock) > 0) lock = maxLock;
        return now.plus(lock);
    }
}
