package marquee.users;

import static marquee.platform.testing.TestBackend.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sign-in checks the password (BCrypt, slow on purpose) under the account's lock. Since the V10
 * watermarks an open transaction with a transaction id holds back every seat map and ticket feed
 * on the server, so that lock must not be a row lock: while sign-ins are being checked, no
 * transaction on the server holds an id — and parallel wrong guesses are still all counted.
 */
class SignInHoldsNoXidTest {
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of(
                "marquee.users.login.free.attempts", "50",
                "marquee.users.bcrypt.strength", "13"), ServiceModules.byName("users"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void parallelWrongGuessesAllCountWithoutATransactionIdDuringTheCheck() throws Exception {
        String email = "x" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var users = UsersServiceGrpc.newBlockingStub(backend.channel());
        users.register(RegisterRequest.newBuilder().setEmail(email).setPassword("right password 1").setDisplayName("X").build());
        var wrong = LoginRequest.newBuilder().setEmail(email).setPassword("wrong password 1").build();
        int guesses = 3;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        // How long each transaction id was seen: from its first sighting to its last.
        Map<String, long[]> seen = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection(backend.jdbcUrl(), "postgres", "")) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                running.add(pool.submit(() -> {
                    try {
                        as(UsersServiceGrpc.newBlockingStub(backend.channel()), null).login(wrong);
                    } catch (StatusRuntimeException expected) {
                        // UNAUTHENTICATED
                    }
                }));
            }
            while (running.stream().anyMatch(f -> !f.isDone())) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT backend_xid::text, state,"
                        + " left(query, 100) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                )) {
                    long now = System.nanoTime();
                    while (rs.next()) seen.computeIfAbsent(rs.getString(1), k -> new long[] {now, now})[1] = now;
                }
                Thread.sleep(10);
            }
            for (Future<?> f : running) f.get();
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> heldMs = new java.util.TreeMap<>();
        seen.forEach((xid, times) -> heldMs.put(xid, (times[1] - times[0]) / 1_000_000));
        // Before the fix each sign-in held its id for its whole BCrypt check (~1 s at strength 13).
        assertThat(heldMs.values()).as("ms each transaction id was seen open while passwords were checked: " + heldMs)
                .allSatisfy(ms -> assertThat(ms).isLessThan(250));
        assertThat(backend.count("SELECT failed_logins FROM users.account WHERE email = '" + email + "'")).isEqualTo(guesses);
    }
}
