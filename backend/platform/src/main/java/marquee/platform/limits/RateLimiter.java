package marquee.platform.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import marquee.platform.errors.ResourceExhaustedException;

/**
 * Token buckets per key (a client address, an account), in this process's memory: each key may
 * spend {@link RateLimit#capacity()} attempts at once and gets them back evenly over
 * {@link RateLimit#per()}. Past that the caller is refused with RESOURCE_EXHAUSTED and told when
 * to come back. Several instances of a service each keep their own buckets, so the effective
 * limit is the per-instance limit times the instances a client reaches; the database-backed
 * account lockout ({@code users}) is the cross-instance backstop for guessing.
 */
public final class RateLimiter {
    /** Above this many keys, full (idle) buckets are dropped so memory stays bounded. */
    static final int MAX_KEYS = 100_000;

    private final String what;
    private final RateLimit limit;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(String what, RateLimit limit) {
        this(what, limit, System::nanoTime);
    }

    RateLimiter(String what, RateLimit limit, LongSupplier nanos) {
        this.what = what;
        this.limit = limit;
        this.nanos = nanos;
    }

    public RateLimit limit() {
        return limit;
    }

    /** Spends one attempt of {@code key}, or throws RESOURCE_EXHAUSTED with the time until the next one. */
    public void acquire(String key) {
        Duration wait = tryAcquire(key);
        if (wait != null) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ResourceExhaustedException("Too many " + what + "; try again in " + seconds + " second"
                    + (seconds == 1 ? "" : "s"), Duration.ofSeconds(seconds));
        }
    }

    /** Spends one attempt of {@code key}: null when allowed, otherwise how long until one is free again. */
    public Duration tryAcquire(String key) {
        if (limit.off()) return null;
        long now = nanos.getAsLong();
        if (buckets.size() >= MAX_KEYS) evictFull(now);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.capacity(), now));
        return bucket.take(limit, now);
    }

    private void evictFull(long now) {
        buckets.entrySet().removeIf(e -> e.getValue().fullAt(limit, now));
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Duration take(RateLimit limit, long now) {
            refill(limit, now);
            if (tokens >= 1) {
                tokens -= 1;
                return null;
            }
            double nanosPerToken = (double) limit.per().toNanos() / limit.capacity();
            return Duration.ofNanos((long) Math.ceil((1 - tokens) * nanosPerToken));
        }

        synchronized boolean fullAt(RateLimit limit, long now) {
            refill(limit, now);
            return tokens >= limit.capacity();
        }

        private void refill(RateLimit limit, long now) {
            long elapsed = now - updated;
            if (elapsed <= 0) return;
            tokens = Math.min(limit.capacity(), tokens + elapsed * (double) limit.capacity() / limit.per().toNanos());
            updated = now;
        }
    }
}
