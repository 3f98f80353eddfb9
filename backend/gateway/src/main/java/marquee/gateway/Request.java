package marquee.gateway;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import marquee.platform.auth.Principal;

/** What a handler sees of an HTTP request: path parameters, query, body, verified caller. */
final class Request {
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final Map<String, List<String>> headers;
    private final Principal principal;
    private final String clientAddress;

    Request(Map<String, String> params, Map<String, List<String>> query, byte[] body,
            Map<String, List<String>> headers, Principal principal) {
        this(params, query, body, headers, principal, null);
    }

    Request(Map<String, String> params, Map<String, List<String>> query, byte[] body,
            Map<String, List<String>> headers, Principal principal, String clientAddress) {
        this.clientAddress = clientAddress;
        this.params = params;
        this.query = query;
        this.body = body;
        this.headers = headers;
        this.principal = principal;
    }

    /** The HTTP client's address (the socket peer, or the trusted proxy's X-Forwarded-For), or null. */
    String clientAddress() {
        return clientAddress;
    }

    String param(String name) {
        return params.get(name);
    }

    Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** The verified caller's token, or null for an anonymous call. */
    String token() {
        return principal == null ? null : principal.token();
    }

    Optional<String> header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** The JSON body merged into {@code builder}; an empty body is an empty object. */
    <B extends Message.Builder> B body(B builder) {
        String text = Json.utf8(body).strip();
        if (text.isEmpty()) return builder;
        if (!text.startsWith("{")) throw new HttpError(400, "INVALID_JSON", "The request body must be a JSON object");
        return Json.merge(text, builder, true);
    }

    /**
     * The query string merged into {@code builder} through JsonFormat, so query parameters follow
     * the same names and type rules as bodies: {@code ?cinema_id=x&days=7}; unknown names are refused.
     */
    <B extends Message.Builder> B query(B builder) {
        if (query.isEmpty()) return builder;
        StringBuilder json = new StringBuilder("{");
        for (var entry : query.entrySet()) {
            if (json.length() > 1) json.append(',');
            json.append(Json.quote(entry.getKey())).append(':');
            List<String> values = entry.getValue();
            var field = builder.getDescriptorForType().findFieldByName(entry.getKey());
            boolean repeated = field != null && field.isRepeated();
            if (repeated) json.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    if (!repeated) throw new HttpError(400, "INVALID_ARGUMENT", "Query parameter " + entry.getKey() + " is given more than once");
                    json.append(',');
                }
                json.append(Json.quote(values.get(i)));
            }
            if (repeated) json.append(']');
        }
        return Json.merge(json.append('}').toString(), builder, false);
    }
}
