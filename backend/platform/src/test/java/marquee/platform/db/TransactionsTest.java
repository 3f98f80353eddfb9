package marquee.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.UnavailableException;
import marquee.platform.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The one transaction helper of the JDBC stores, against a real PostgreSQL. */
class TransactionsTest {
    private static String url;
    private static Transactions transactions;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.newDatabase();
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(url);
        db.setUser("postgres");
        transactions = new Transactions(db, "test");
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (text varchar PRIMARY KEY)");
        }
    }

    private static long notes(String text) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM note WHERE text = '" + text + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insert(Connection c, String text) throws java.sql.SQLException {
        try (var insert = c.prepareStatement("INSERT INTO note VALUES (?)")) {
            insert.setString(1, text);
            insert.executeUpdate();
        }
    }

    @Test
    void aSerializationFailureRunsTheWorkAgainAndItCommitsOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        String result = transactions.inTransaction(c -> {
            insert(c, "retried");
            if (runs.incrementAndGet() == 1) {
                try (Statement s = c.createStatement()) {
                    s.execute("DO $$ BEGIN RAISE EXCEPTION 'could not serialize' USING ERRCODE = '40001'; END $$");
                }
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(runs).hasValue(2);
        assertThat(notes("retried")).as("the first run was rolled back, the second committed").isEqualTo(1);
    }

    @Test
    void aRefusalRollsBackAndComesOutAsItWasThrown() throws Exception {
        FailedPreconditionException refusal = new FailedPreconditionException("no");
        assertThatThrownBy(() -> transactions.inTransaction(c -> {
            insert(c, "refused");
            throw refusal;
        })).isSameAs(refusal);
        assertThat(notes("refused")).isZero();
    }

    @Test
    void anyOtherSqlFailureIsNamedAndNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> transactions.inTransaction(c -> {
            runs.incrementAndGet();
            insert(c, "twice");
            insert(c, "twice");
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("test database error");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        nowhere.setUser("postgres");
        Transactions away = new Transactions(nowhere, "test");
        assertThatThrownBy(() -> away.inTransaction(c -> null)).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> away.autocommit(c -> null)).isInstanceOf(UnavailableException.class);
    }
}
