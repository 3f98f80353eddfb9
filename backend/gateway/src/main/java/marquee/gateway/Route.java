package marquee.gateway;

import java.util.List;
import java.util.Map;

/**
 * One REST route: method, path pattern ({@code :name} captures a segment), whether it is open to
 * anonymous callers, and the handler that turns the request into a gRPC call.
 */
record Route(String method, String pattern, boolean open, Handler handler) {

    interface Handler {
        Reply handle(Request request);
    }

    /** A response: status and JSON body. */
    record Reply(int status, String body) {}

    List<String> segments() {
        return split(pattern);
    }

    /** The captured path parameters when {@code path} matches this route's pattern, else null. */
    Map<String, String> match(List<String> path) {
        List<String> parts = segments();
        if (parts.size() != path.size()) return null;
        Map<String, String> params = new java.util.HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith(":")) {
                if (path.get(i).isEmpty()) return null;
                params.put(part.substring(1), path.get(i));
            } else if (!part.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** The pattern in OpenAPI form: {@code /bookings/:code} → {@code /bookings/{code}}. */
    String openApiPath() {
        return pattern.replaceAll(":([A-Za-z_]+)", "{$1}");
    }

    static List<String> split(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) trimmed = trimmed.substring(1);
        while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        if (trimmed.isEmpty()) return List.of();
        return List.of(trimmed.split("/", -1));
    }
}
