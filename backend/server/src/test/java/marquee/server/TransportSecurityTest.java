package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.grpc.Tls;
import marquee.platform.testing.TestCertificates;
import marquee.platform.testing.TestPostgres;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * gRPC over TLS and mutual TLS, on a real socket, against the users service on a real
 * PostgreSQL: a TLS client signs in, a client without a certificate is refused where mutual TLS
 * is required, plaintext never gets through; the kiosk's embedded backend listens on loopback only.
 */
class TransportSecurityTest {
    static TestCertificates ca;
    static TestCertificates.Pair serverCert;
    static TestCertificates.Pair kioskCert;
    static BackendRuntime mutual;
    static BackendRuntime tlsOnly;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.newAuthority("Marquee test CA");
        serverCert = ca.server("users");
        kioskCert = ca.client("kiosk-riverside-1");
        mutual = startUsers(Map.of("marquee.tls.client.auth", "require", "marquee.health.port", "0"));
        tlsOnly = startUsers(Map.of());
    }

    private static BackendRuntime startUsers(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "marquee.data.dir", Files.createTempDirectory("marquee-tls-users").toString(),
                "marquee.db.url", TestPostgres.newDatabase(), "marquee.db.user", "postgres",
                "marquee.metrics.port", "-1", "marquee.demo.data", "true",
                "marquee.tls.cert", serverCert.cert().toString(), "marquee.tls.key", serverCert.key().toString(),
                "marquee.tls.ca", ca.caCertificate().toString()));
        settings.putAll(extra);
        return BackendRuntime.start(Config.withOverrides(settings), ServiceModules.load(java.util.List.of("users")), 0,
                BackendRuntime.StartupListener.NONE);
    }

    @AfterAll
    static void stop() {
        if (mutual != null) mutual.close();
        if (tlsOnly != null) tlsOnly.close();
    }

    private static Config client(boolean withCertificate) {
        Map<String, String> settings = new HashMap<>(Map.of("marquee.tls.ca", ca.caCertificate().toString()));
        if (withCertificate) {
            settings.put("marquee.tls.cert", kioskCert.cert().toString());
            settings.put("marquee.tls.key", kioskCert.key().toString());
        }
        return Config.withOverrides(settings);
    }

    private static String login(ManagedChannel channel) {
        return UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .login(LoginRequest.newBuilder().setEmail("customer@marquee.demo").setPassword("Customer2026!").build())
                .getAccessToken();
    }

    @Test
    void aTlsClientSignsInOverTls() {
        ManagedChannel channel = Channels.build(client(false), "localhost:" + tlsOnly.port());
        try {
            assertThat(login(channel)).isNotBlank();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aClientWithItsCertificateSignsInWhereMutualTlsIsRequired() {
        ManagedChannel channel = Channels.build(client(true), "localhost:" + mutual.port());
        try {
            assertThat(login(channel)).isNotBlank();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhereMutualTlsIsRequired() {
        ManagedChannel channel = Channels.build(client(false), "localhost:" + mutual.port());
        try {
            assertThatThrownBy(() -> login(channel)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() {
        TestCertificates stranger = TestCertificates.newAuthority("Someone else");
        TestCertificates.Pair forged = stranger.client("kiosk-riverside-1");
        Config config = Config.withOverrides(Map.of("marquee.tls.ca", ca.caCertificate().toString(),
                "marquee.tls.cert", forged.cert().toString(), "marquee.tls.key", forged.key().toString()));
        ManagedChannel channel = Channels.build(config, "localhost:" + mutual.port());
        try {
            assertThatThrownBy(() -> login(channel)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void probesReachTheHealthOnlyPortWithoutACertificateAndNothingElseThere() {
        ManagedChannel probe = Channels.build("localhost:" + mutual.host().healthPort());
        try {
            assertThat(HealthGrpc.newBlockingStub(probe).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThatThrownBy(() -> login(probe)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        } finally {
            probe.shutdownNow();
        }
    }

    @Test
    void plaintextNeverReachesATlsServer() {
        ManagedChannel channel = Channels.build("localhost:" + tlsOnly.port());
        try {
            assertThatThrownBy(() -> login(channel)).isInstanceOf(StatusRuntimeException.class);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aPlaintextChannelToAnotherMachineIsLoggedAsAWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger(Tls.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            Channels.build(Config.withOverrides(Map.of()), "tickets.cinema.example:9090").shutdownNow();
            Channels.build(Config.withOverrides(Map.of()), "localhost:9090").shutdownNow();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("tickets.cinema.example:9090").contains("PLAINTEXT"))
                .noneSatisfy(m -> assertThat(m).contains("localhost:9090"));
    }

    @Test
    void theEmbeddedBackendOfAKioskListensOnLoopbackOnlyMetricsIncluded() throws Exception {
        Optional<InetAddress> lan = siteAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
        BackendRuntime embedded = Backends.startEmbedded(Config.withOverrides(Map.of(
                "marquee.data.dir", Files.createTempDirectory("marquee-embedded").toString(),
                "marquee.db.url", TestPostgres.newDatabase(), "marquee.db.user", "postgres",
                "marquee.demo.data", "false", "marquee.port", "0", "marquee.metrics.port", "0",
                // Even when told otherwise: an embedded backend is for this machine only.
                "marquee.host", "0.0.0.0")), BackendRuntime.StartupListener.NONE);
        try {
            ManagedChannel local = Channels.build("127.0.0.1:" + embedded.port());
            try {
                assertThat(HealthGrpc.newBlockingStub(local).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                local.shutdownNow();
            }
            HttpURLConnection metrics = (HttpURLConnection) URI.create("http://127.0.0.1:" + embedded.metricsPort() + "/metrics")
                    .toURL().openConnection();
            assertThat(metrics.getResponseCode()).isEqualTo(200);
            metrics.disconnect();
            for (int port : new int[] {embedded.port(), embedded.metricsPort()}) {
                assertThatThrownBy(() -> new Socket(lan.get(), port).close())
                        .as("port %d from %s", port, lan.get()).isInstanceOf(java.net.ConnectException.class);
            }
        } finally {
            embedded.close();
        }
    }

    private static Optional<InetAddress> siteAddress() throws Exception {
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) return Optional.of(address);
            }
        }
        return Optional.empty();
    }
}
