package marquee.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import marquee.platform.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The SMTP hand-over of one mail keeps a second delivery of the same mail waiting, without giving
 * its transaction an id (since the V10 watermarks an open transaction with an id holds back every
 * seat map and ticket feed on the server). Before: the mail row was locked FOR UPDATE.
 */
class MailSendHoldsNoXidTest {

    @Test
    void aSlowHandOverHoldsNoTransactionIdAndASecondDeliveryWaitsAndSendsNothing() throws Exception {
        String url = TestPostgres.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/main/resources/db/notifications/V1__mail.sql")));
        }
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(url);
        db.setUser("postgres");
        MailStore store = new MailStore(db);
        UUID booking = UUID.randomUUID();
        AtomicLong xidHolders = new AtomicLong(-1);
        AtomicInteger sends = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
            try {
                return store.sendOnce("tickets:x", booking, "a@example.org", "Tickets", () -> {
                    sends.incrementAndGet();
                    inside.countDown();
                    Thread.sleep(300); // the SMTP server is slow
                    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL"
                                 + " AND datname = current_database()")) {
                        rs.next();
                        xidHolders.set(rs.getLong(1));
                    }
                });
            } catch (MailStore.SendFailed e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        boolean second = store.sendOnce("tickets:x", booking, "a@example.org", "Tickets", sends::incrementAndGet);
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second).as("the second delivery found the mail sent").isFalse();
        assertThat(sends.get()).isEqualTo(1);
        assertThat(xidHolders.get()).as("transactions with an id during the SMTP hand-over").isZero();
    }
}
