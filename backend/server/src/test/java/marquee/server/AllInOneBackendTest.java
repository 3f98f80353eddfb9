package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marquee.common.v1.SeatCategory;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.BackendRuntime;
import marquee.platform.auth.BearerToken;
import marquee.platform.config.Config;
import marquee.theaters.v1.GetHallRequest;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.ListHallsRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.GetProfileRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.Role;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one backend as a user starts it: embedded PostgreSQL in a data directory, demo
 * data on first start, every service on one port, reflection and health.
 */
class AllInOneBackendTest {
    private static Path dataDir;
    private static BackendRuntime runtime;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("marquee-all-in-one");
        runtime = Backends.startAllInOne(config(), BackendRuntime.StartupListener.NONE);
        channel = NettyChannelBuilder.forAddress("localhost", runtime.port()).usePlaintext().build();
    }

    private static Config config() {
        return Config.withOverrides(Map.of("marquee.data.dir", dataDir.toString(), "marquee.port", "0"));
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        runtime.close();
    }

    @Test
    void reflectionListsAllSixServicesWithHealthAndReflection() throws Exception {
        assertThat(ReflectionClient.listServices(channel)).contains(
                "marquee.users.v1.UsersService", "marquee.movies.v1.MoviesService", "marquee.theaters.v1.TheatersService",
                "marquee.reservations.v1.ReservationsService", "marquee.payments.v1.PaymentsService",
                "marquee.tickets.v1.TicketsService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
    }

    @Test
    void healthAnswersServingForTheServerAndEachService() {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("marquee.movies.v1.MoviesService").build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void demoCustomerLogsInAndSeesAWeekOfShowtimes() {
        var login = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .login(LoginRequest.newBuilder().setEmail("customer@marquee.demo").setPassword("Customer2026!").build());
        var token = new BearerToken(login.getAccessToken());
        assertThat(UsersServiceGrpc.newBlockingStub(channel).withCallCredentials(token).getProfile(GetProfileRequest.getDefaultInstance())
                .getRole()).isEqualTo(Role.CUSTOMER);

        var cinemas = TheatersServiceGrpc.newBlockingStub(channel).listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList();
        assertThat(cinemas).hasSize(2);
        var movies = MoviesServiceGrpc.newBlockingStub(channel).withCallCredentials(token);
        LocalDate today = LocalDate.now(ZoneId.of(DemoData.ZONE));
        for (var cinema : cinemas) {
            var week = movies.listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinema.getId())
                    .setDate(today.toString()).setDays(7).build()).getShowtimesList();
            // Every day after today is fully planned (today may be partly over already).
            for (int day = 1; day < 7; day++) {
                String date = today.plusDays(day).toString();
                assertThat(week).filteredOn(s -> s.getBusinessDate().equals(date)).as("showtimes on " + date).isNotEmpty();
            }
        }
    }

    @Test
    void demoHallsIncludeALargeAccessibleHall() {
        var theaters = TheatersServiceGrpc.newBlockingStub(channel);
        var halls = theaters.listCinemas(ListCinemasRequest.getDefaultInstance()).getCinemasList().stream()
                .flatMap(c -> theaters.listHalls(ListHallsRequest.newBuilder().setCinemaId(c.getId()).build()).getHallsList().stream())
                .toList();
        assertThat(halls).hasSizeGreaterThanOrEqualTo(4);
        var largest = halls.stream().max(java.util.Comparator.comparingInt(h -> h.getSeatCount())).orElseThrow();
        assertThat(largest.getSeatCount()).isGreaterThanOrEqualTo(400);
        var categories = theaters.getHall(GetHallRequest.newBuilder().setHallId(largest.getId()).build()).getLayout().getRowsList()
                .stream().flatMap(r -> r.getSeatsList().stream()).map(s -> s.getCategory()).distinct().toList();
        assertThat(categories).contains(SeatCategory.WHEELCHAIR, SeatCategory.COMPANION, SeatCategory.COUPLE);
    }

    @Test
    void demoStaffAndKioskAccountsSignIn() {
        var users = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThat(users.staffLogin(StaffLoginRequest.newBuilder().setStaffLogin(DemoData.CASHIER_LOGIN)
                .setPin(DemoData.CASHIER_PIN).build()).getUser().getRole()).isEqualTo(Role.CASHIER);
        assertThat(users.deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(DemoData.KIOSK_DEVICE)
                .setDeviceSecret(DemoData.KIOSK_SECRET).build()).getUser().getRole()).isEqualTo(Role.KIOSK);
        assertThat(users.login(LoginRequest.newBuilder().setEmail(DemoData.MANAGER_EMAIL)
                .setPassword(DemoData.MANAGER_PASSWORD).build()).getUser().getRole()).isEqualTo(Role.MANAGER);
    }

    @Test
    void eachServiceConnectsAsItsOwnRoleAndCannotReadAnotherServicesTables() {
        int port = runtime.databases().embedded().port();
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        assertThatThrownBy(() -> {
            try (var connection = DriverManager.getConnection(url, "movies_service", "");
                 var statement = connection.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM users.account");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }
}
