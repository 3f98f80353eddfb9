package marquee.gateway;

/** A refusal the gateway answers itself, always as {@code {"error": code, "message": message}}. */
final class HttpError extends RuntimeException {
    final int status;
    final String code;
    final java.util.List<String> allow;

    HttpError(int status, String code, String message) {
        this(status, code, message, java.util.List.of());
    }

    HttpError(int status, String code, String message, java.util.List<String> allow) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
    }
}
