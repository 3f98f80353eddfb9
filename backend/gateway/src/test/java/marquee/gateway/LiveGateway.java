package marquee.gateway;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import marquee.platform.BackendRuntime;
import marquee.platform.config.Config;
import marquee.server.Backends;

/**
 * The real all-in-one backend (embedded PostgreSQL, demo data) and a gateway in front of it on a
 * free port, started once for all gateway test classes in this JVM and stopped when it exits.
 */
final class LiveGateway {
    private static LiveGateway instance;

    final Path dataDir;
    final BackendRuntime backend;
    final Gateway gateway;
    final Config config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LiveGateway() throws Exception {
        dataDir = Files.createTempDirectory("marquee-gateway-test");
        Config backendConfig = Config.withOverrides(Map.of("marquee.data.dir", dataDir.toString(), "marquee.port", "0"));
        backend = Backends.startAllInOne(backendConfig, BackendRuntime.StartupListener.NONE);
        config = Config.withOverrides(Map.of(
                "marquee.data.dir", dataDir.toString(),
                "marquee.gateway.port", "0",
                "marquee.gateway.host", "127.0.0.1",
                "marquee.gateway.backend", "localhost:" + backend.port()));
        gateway = Gateway.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            backend.close();
        }));
    }

    static synchronized LiveGateway get() throws Exception {
        if (instance == null) instance = new LiveGateway();
        return instance;
    }

    record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        Struct json() {
            try {
                Struct.Builder builder = Struct.newBuilder();
                JsonFormat.parser().merge(body, builder);
                return builder.build();
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + body, e);
            }
        }

        String string(String field) {
            Value value = json().getFieldsOrDefault(field, Value.getDefaultInstance());
            return value.getStringValue();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response send(String method, String path, String body, String token) throws Exception {
        return send(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), token);
    }

    Response sendWithHeader(String method, String path, String body, String token, String header, String value) throws Exception {
        return send(method, path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), token, header, value);
    }

    Response send(String method, String path, byte[] body, String token) throws Exception {
        return send(method, path, body, token, null, null);
    }

    Response send(String method, String path, byte[] body, String token, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (header != null) request.header(header, value);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response.headers().map());
    }

    /** Plain HTTP to a gateway on a port, for tests that start their own gateway. */
    static final class Client {
        private final int port;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Client(int port) {
            this.port = port;
        }

        Response send(String method, String path, String body, String token) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) request.header("Content-Type", "application/json");
            if (token != null) request.header("Authorization", "Bearer " + token);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        }
    }

    Response get(String path, String token) throws Exception {
        return send("GET", path, (String) null, token);
    }

    Response post(String path, String body, String token) throws Exception {
        return send("POST", path, body, token);
    }

    String login(String email, String password) throws Exception {
        Response login = post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
        if (login.status() != 200) throw new AssertionError("login failed: " + login);
        return login.string("accessToken");
    }
}
