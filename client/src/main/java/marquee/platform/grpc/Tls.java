package marquee.platform.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import marquee.platform.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transport security of gRPC servers and clients, from settings (PEM files):
 * <ul>
 *   <li>{@code MARQUEE_TLS_CERT} / {@code MARQUEE_TLS_KEY}: this process's certificate chain and its
 *       PKCS#8 private key. A server with them serves TLS only; a client presents them when the
 *       server asks for a client certificate (mutual TLS).</li>
 *   <li>{@code MARQUEE_TLS_CA}: the CA bundle a client trusts for servers (default: the JVM's
 *       trust store), and a server trusts for client certificates unless {@code MARQUEE_TLS_CLIENT_CA} is set.</li>
 *   <li>{@code MARQUEE_TLS_CLIENT_AUTH}: {@code none} (default), {@code optional} or {@code require}
 *       — whether the server asks for, or insists on, a client certificate signed by that CA.</li>
 *   <li>{@code MARQUEE_TLS}: {@code true}/{@code false} forces TLS on or off for outgoing channels; by
 *       default a client uses TLS as soon as a CA or a certificate is configured.</li>
 * </ul>
 * Nothing configured means plaintext: the default of the all-in-one and embedded backends on one
 * machine. Plaintext to or from another machine is logged as a warning at start.
 */
public final class Tls {
    private static final Logger log = LoggerFactory.getLogger(Tls.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    private final Optional<File> cert;
    private final Optional<File> key;
    private final Optional<File> ca;
    private final Optional<File> clientCa;
    private final ClientAuth clientAuth;
    private final boolean clientTls;

    private Tls(Optional<File> cert, Optional<File> key, Optional<File> ca, Optional<File> clientCa, ClientAuth clientAuth,
                boolean clientTls) {
        this.cert = cert;
        this.key = key;
        this.ca = ca;
        this.clientCa = clientCa;
        this.clientAuth = clientAuth;
        this.clientTls = clientTls;
    }

    /** No TLS at all (in-process channels, tests). */
    public static Tls plaintext() {
        return new Tls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ClientAuth.NONE, false);
    }

    public static Tls fromConfig(Config config) {
        Optional<File> cert = file(config, "marquee.tls.cert");
        Optional<File> key = file(config, "marquee.tls.key");
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("Set both MARQUEE_TLS_CERT and MARQUEE_TLS_KEY (certificate chain and its private key), or neither");
        }
        Optional<File> ca = file(config, "marquee.tls.ca");
        Optional<File> clientCa = file(config, "marquee.tls.client.ca").or(() -> ca);
        ClientAuth auth;
        String authText = config.get("marquee.tls.client.auth", "none").toUpperCase(Locale.ROOT);
        try {
            auth = ClientAuth.valueOf(authText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MARQUEE_TLS_CLIENT_AUTH must be none, optional or require, not " + authText);
        }
        if (auth != ClientAuth.NONE && clientCa.isEmpty()) {
            throw new IllegalArgumentException("MARQUEE_TLS_CLIENT_AUTH=" + authText.toLowerCase(Locale.ROOT)
                    + " needs MARQUEE_TLS_CLIENT_CA (or MARQUEE_TLS_CA): the CA that signs client certificates");
        }
        if (auth != ClientAuth.NONE && cert.isEmpty()) {
            throw new IllegalArgumentException("MARQUEE_TLS_CLIENT_AUTH needs the server's own MARQUEE_TLS_CERT and MARQUEE_TLS_KEY");
        }
        boolean clientTls = config.find("marquee.tls").map(Boolean::parseBoolean)
                .orElse(ca.isPresent() || cert.isPresent());
        return new Tls(cert, key, ca, clientCa, auth, clientTls);
    }

    private static Optional<File> file(Config config, String setting) {
        return config.find(setting).map(path -> {
            File file = new File(path);
            if (!file.canRead()) {
                throw new IllegalArgumentException(Config.envName(setting) + " names " + path + ", which cannot be read");
            }
            try {
                marquee.platform.config.Placeholders.refuse(path, java.nio.file.Files.readString(file.toPath()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path + " (" + Config.envName(setting) + ")", e);
            }
            return file;
        });
    }

    /** Whether servers built with these settings serve TLS. */
    public boolean serverTls() {
        return cert.isPresent();
    }

    /** Whether outgoing network channels use TLS. */
    public boolean clientTls() {
        return clientTls;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public ServerCredentials serverCredentials() {
        if (cert.isEmpty()) return InsecureServerCredentials.create();
        try {
            TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(cert.get(), key.get());
            if (clientCa.isPresent()) builder.trustManager(clientCa.get());
            builder.clientAuth(switch (clientAuth) {
                case NONE -> TlsServerCredentials.ClientAuth.NONE;
                case OPTIONAL -> TlsServerCredentials.ClientAuth.OPTIONAL;
                case REQUIRE -> TlsServerCredentials.ClientAuth.REQUIRE;
            });
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TLS certificate or key (MARQUEE_TLS_CERT/_KEY/_CA)", e);
        }
    }

    /** Credentials for a channel to {@code target}; logs once per target when it is plaintext to another machine. */
    public ChannelCredentials channelCredentials(String target) {
        if (!clientTls) {
            if (!isLocal(target) && WARNED.add(target)) {
                log.warn("gRPC to {} is PLAINTEXT: tokens and personal data cross the network unencrypted."
                        + " Set MARQUEE_TLS_CA (and MARQUEE_TLS_CERT/_KEY for mutual TLS); see docs/operations.md", target);
            }
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (ca.isPresent()) builder.trustManager(ca.get());
            if (cert.isPresent()) builder.keyManager(cert.get(), key.get());
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TLS certificate, key or CA (MARQUEE_TLS_*)", e);
        }
    }

    /** Logs the server side's transport at start: a warning when plaintext is reachable from other machines. */
    void logServer(String bindHost, int port) {
        if (serverTls()) {
            log.info("gRPC on port {} serves TLS{}", port, switch (clientAuth) {
                case NONE -> "";
                case OPTIONAL -> " (client certificates checked when given)";
                case REQUIRE -> " with required client certificates (mutual TLS)";
            });
        } else if (!isLoopback(bindHost)) {
            log.warn("gRPC on port {} is PLAINTEXT and reachable from other machines ({}). Fine for a demo on a trusted"
                    + " network; otherwise set MARQUEE_TLS_CERT/_KEY, or MARQUEE_HOST=127.0.0.1 (docs/operations.md)",
                    port, bindHost == null || bindHost.isBlank() ? "all interfaces" : bindHost);
        }
    }

    /** Whether a bind address is loopback only. Blank means all interfaces. */
    public static boolean isLoopback(String bindHost) {
        if (bindHost == null || bindHost.isBlank()) return false;
        if (bindHost.equalsIgnoreCase("localhost")) return true;
        // Only literals are resolved: a name would need DNS, and only "localhost" is known to be local.
        if (!bindHost.matches("[0-9.]+|[0-9A-Fa-f:]+")) return false;
        try {
            return InetAddress.getByName(bindHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether a channel target stays on this machine (in-process, localhost, a loopback address). */
    static boolean isLocal(String target) {
        if (target.startsWith("inprocess:")) return true;
        String authority = target;
        if (target.contains("://") || target.startsWith("dns:") || target.startsWith("list:")) {
            try {
                URI uri = URI.create(target);
                authority = uri.getPath() == null || uri.getPath().isEmpty() ? uri.getAuthority() : uri.getPath().substring(1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (authority == null) return false;
        for (String one : authority.split(",")) {
            String host = one.strip();
            if (host.startsWith("[")) host = host.substring(1, Math.max(1, host.indexOf(']')));
            else if (host.lastIndexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) host = host.substring(0, host.indexOf(':'));
            if (!(host.equalsIgnoreCase("localhost") || isLoopback(host))) return false;
        }
        return true;
    }
}
