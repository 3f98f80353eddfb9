package marquee.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The public programme (GET /movies, /showtimes, /cinemas without a token) is the same for every
 * visitor and changes rarely: the gateway answers it from memory for {@code maxAge} and sends
 * {@code Cache-Control: public, max-age} with a strong {@code ETag}, so browsers and proxies revalidate
 * with {@code If-None-Match} and get {@code 304 Not Modified}. An entry is dropped after
 * {@code maxAge}, so a change made in movies or theaters is visible within that time.
 */
final class ProgrammeCache {
    static final Set<String> PATHS = Set.of("/movies", "/showtimes", "/cinemas");
    private static final int MAX_ENTRIES = 1_000;

    /** A cached answer: the JSON body, its entity tag and when it stops being served. */
    record Entry(String body, String etag, long untilNanos) {}

    private final Duration maxAge;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ProgrammeCache(Duration maxAge) {
        this.maxAge = maxAge;
    }

    boolean enabled() {
        return !maxAge.isZero() && !maxAge.isNegative();
    }

    long maxAgeSeconds() {
        return maxAge.toSeconds();
    }

    /** Whether a request may be answered from (and stored in) the cache. */
    boolean applies(String method, String rawPath, boolean hasCredentials) {
        return enabled() && !hasCredentials && ("GET".equals(method) || "HEAD".equals(method)) && PATHS.contains(rawPath);
    }

    /** The fresh entry for this path and query, or {@code load}'s 200 answer stored; null when it was not a 200. */
    Entry get(String key, Supplier<Route.Reply> load, Route.Reply[] uncached) {
        long now = System.nanoTime();
        Entry hit = entries.get(key);
        if (hit != null && now - hit.untilNanos() < 0) return hit;
        Route.Reply reply = load.get();
        if (reply.status() != 200) {
            uncached[0] = reply;
            return null;
        }
        Entry fresh = new Entry(reply.body(), etag(reply.body()), now + maxAge.toNanos());
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(key, fresh);
        return fresh;
    }

    static String etag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an {@code If-None-Match} header names this entity tag (or is {@code *}). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }
}
