package marquee.platform.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;
import marquee.platform.errors.UnavailableException;
import marquee.platform.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's {@code find} answers null instead of throwing when a JDBC error leaves the
 * transaction rollback-only (HHH-12472). Services turned that into NOT_FOUND while their database
 * was going away; a unit of work that ends rollback-only must fail as UNAVAILABLE instead.
 */
class SwallowedDatabaseFailureTest {
    @Entity
    @Table(name = "never_created")
    static class Missing {
        @Id
        UUID id;
    }

    @Test
    void aFindWhoseQueryFailedIsNotAMissingRow() {
        try (ServiceDatabase database = ServiceDatabase.open("swallowed", new DatabaseLocation(TestPostgres.newDatabase(), "postgres", ""),
                2, List.of(Missing.class))) {
            assertThatThrownBy(() -> database.inTransaction(session -> {
                try {
                    session.createNativeQuery("SELECT 1 FROM table_that_is_not_there", Integer.class).getResultList();
                } catch (RuntimeException expected) {
                    // The error marked the transaction rollback-only; now a find on the same transaction:
                }
                return session.find(Missing.class, UUID.randomUUID());
            })).isInstanceOf(UnavailableException.class);
            // As a service writes it: no row is "not found" — unless the read itself failed.
            assertThatThrownBy(() -> database.inTransaction(session -> {
                try {
                    session.createNativeQuery("SELECT 1 FROM table_that_is_not_there", Integer.class).getResultList();
                } catch (RuntimeException expected) {
                    // rollback-only from here on
                }
                Missing found = session.find(Missing.class, UUID.randomUUID());
                if (found == null) throw new marquee.platform.errors.NotFoundException("there is no such row");
                return found;
            })).isInstanceOf(UnavailableException.class);
        }
    }
}
