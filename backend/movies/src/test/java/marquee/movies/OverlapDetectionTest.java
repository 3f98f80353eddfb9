package marquee.movies;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class OverlapDetectionTest {

    @Test
    void recognisesAnExclusionViolationAnywhereInTheCauseChain() {
        var violation = new SQLException("conflicting key value violates exclusion constraint", "23P01");
        assertThat(Programme.isOverlap(new RuntimeException(new IllegalStateException(violation)))).isTrue();
    }

    @Test
    void recognisesItBehindABatchUpdate() {
        var batch = new BatchUpdateException("batch failed", "08000", new int[0]);
        batch.setNextException(new SQLException("conflicting key value", "23P01"));
        assertThat(Programme.isOverlap(new RuntimeException(batch))).isTrue();
    }

    @Test
    void otherConstraintViolationsAreNotOverlaps() {
        assertThat(Programme.isOverlap(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(Programme.isOverlap(new IllegalStateException("no SQL at all"))).isFalse();
    }
}
