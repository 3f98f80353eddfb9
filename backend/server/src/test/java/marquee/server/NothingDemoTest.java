package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.testing.TestPostgres;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.Test;

/**
 * Nothing demo in a real deployment: without the demo switch there are no demo accounts, no
 * demo programme and no built-in kiosk secret; the simulated card gateway refuses to start
 * unless allowed; placeholder secrets stop the start. Real PostgreSQL, real gRPC over a socket.
 */
class NothingDemoTest {

    private static Map<String, String> external(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "marquee.data.dir", Files.createTempDirectory("marquee-nothing-demo").toString(),
                "marquee.db.url", TestPostgres.newDatabase(), "marquee.db.user", "postgres",
                "marquee.port", "0", "marquee.metrics.port", "-1"));
        settings.putAll(extra);
        return settings;
    }

    @Test
    void withAnExternalDatabaseAndNoSwitchThereAreNoDemoAccountsProgrammeOrDeviceSecret() throws Exception {
        BackendRuntime backend = Backends.startAllInOne(Config.withOverrides(external(Map.of(
                "marquee.users.first.manager.email", "it@cinema.example",
                "marquee.users.first.manager.password", "Own-Manager-2026"))), BackendRuntime.StartupListener.NONE);
        ManagedChannel channel = Channels.build("localhost:" + backend.port());
        try {
            var users = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> users.login(LoginRequest.newBuilder().setEmail(DemoData.MANAGER_EMAIL)
                    .setPassword(DemoData.MANAGER_PASSWORD).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> users.deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(DemoData.KIOSK_DEVICE)
                    .setDeviceSecret(DemoData.KIOSK_SECRET).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThat(TheatersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList()).isEmpty();
            // The installation's own first manager, from its settings, is the only account.
            assertThat(users.login(LoginRequest.newBuilder().setEmail("it@cinema.example").setPassword("Own-Manager-2026").build())
                    .getUser().getRole()).isEqualTo(marquee.users.v1.Role.MANAGER);
        } finally {
            channel.shutdownNow();
            backend.close();
        }
    }

    @Test
    void theSimulatedCardGatewayRefusesToStartOutsideDemoModeAndSaysSo() throws Exception {
        Config config = Config.withOverrides(external(Map.of("marquee.demo.data", "false",
                "marquee.payments.simulated.gateway", "refuse")));
        assertThatThrownBy(() -> BackendRuntime.start(config, ServiceModules.load(List.of("payments")), 0,
                BackendRuntime.StartupListener.NONE))
                .hasMessageContaining("SIMULATED").hasMessageContaining("MARQUEE_PAYMENTS_SIMULATED_GATEWAY=allow");
        // In demo mode it runs without being told.
        Config demo = Config.withOverrides(external(Map.of("marquee.demo.data", "true")));
        BackendRuntime.start(demo, ServiceModules.load(List.of("payments")), 0, BackendRuntime.StartupListener.NONE).close();
    }

    @Test
    void placeholderSecretsStopTheStart() throws Exception {
        String placeholder = "REPLACE-WITH-32-RANDOM-BYTES-BASE64URL";
        assertThatThrownBy(() -> BackendRuntime.start(Config.withOverrides(external(Map.of(
                        "marquee.theaters.service.secret", placeholder))), ServiceModules.load(List.of("theaters")), 0,
                BackendRuntime.StartupListener.NONE))
                .hasMessageContaining("MARQUEE_THEATERS_SERVICE_SECRET").hasMessageContaining("placeholder");

        // The Kubernetes Secret's template mounted as files: the users service will not sign with it.
        Map<String, String> settings = external(Map.of());
        Path keys = Path.of(settings.get("marquee.data.dir")).resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("jwt-signing.key"), "REPLACE-WITH-BASE64-PKCS8-ED25519-PRIVATE-KEY");
        Files.writeString(keys.resolve("jwt-signing.pub"), "REPLACE-WITH-BASE64-X509-ED25519-PUBLIC-KEY");
        assertThatThrownBy(() -> BackendRuntime.start(Config.withOverrides(settings), ServiceModules.load(List.of("users")), 0,
                BackendRuntime.StartupListener.NONE)).hasMessageContaining("placeholder");

        assertThatThrownBy(() -> BackendRuntime.start(Config.withOverrides(external(Map.of("marquee.db.password", "changeme"))),
                ServiceModules.load(List.of("theaters")), 0, BackendRuntime.StartupListener.NONE))
                .hasMessageContaining("MARQUEE_DB_PASSWORD");
    }
}
