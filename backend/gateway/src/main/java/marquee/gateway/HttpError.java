package marquee.gateway;

/** A refusal the gateway answers itself, always as {@code {"error": code, "message": message}}. */
final class HttpError extends RuntimeException {
    final int status;
    final String code;
    final java.util.List<String> allow;
    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    final long retryAfter;

    HttpError(int status, String code, String message) {
        this(status, code, message, java.util.List.of());
    }

    HttpError(int status, String code, String message, java.util.List<String> allow) {
        this(status, code, message, allow, 0);
    }

    HttpError(int status, String code, String message, java.util.List<String> allow, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
        this.retryAfter = retryAfter;
    }

    /** 429 or 503 that tells the client when to try again. */
    static HttpError retryLater(int status, String code, String message, long retryAfterSeconds) {
        return new HttpError(status, code, message, java.util.List.of(), Math.max(1, retryAfterSeconds));
    }
}
