package marquee.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.concurrent.CompletionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.grpc.ErrorMappingInterceptor;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
    @Test
    void domainErrorsKeepTheirCodeAndMessage() {
        Status status = ErrorMappingInterceptor.toStatus(new NotFoundException("No hall with id x"));
        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status.getDescription()).isEqualTo("No hall with id x");
    }

    @Test
    void wrappedDomainErrorsAreFound() {
        var wrapped = new RuntimeException("transaction failed", new InvalidArgumentException("name is required"));
        assertThat(ErrorMappingInterceptor.toStatus(new CompletionException(wrapped)).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void downstreamUnavailabilityIsUnavailableAndBugsRevealNothing() {
        assertThat(ErrorMappingInterceptor.toStatus(Status.DEADLINE_EXCEEDED.asRuntimeException()).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        Status bug = ErrorMappingInterceptor.toStatus(new NullPointerException("secret internals"));
        assertThat(bug.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(bug.getDescription()).startsWith("Internal error, reference").doesNotContain("secret");
    }

    @Test
    void anUnreachableDatabaseIsUnavailableWithARetryTimeNeverInternal() {
        var refused = new java.sql.SQLException("Connection refused", "08001");
        var wrapped = new IllegalStateException("could not store the hold", refused);
        Status status = ErrorMappingInterceptor.toStatus(wrapped);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ErrorMappingInterceptor.trailersFor(wrapped, status).get(ErrorMappingInterceptor.RETRY_AFTER)).isEqualTo("2");
        assertThat(ErrorMappingInterceptor.toStatus(new RuntimeException(
                new java.sql.SQLTransientConnectionException("pool timed out"))).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ErrorMappingInterceptor.toStatus(new RuntimeException(
                new java.sql.SQLException("terminating connection due to administrator command", "57P01"))).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        // A constraint violation is not an outage.
        assertThat(ErrorMappingInterceptor.toStatus(new RuntimeException(new java.sql.SQLException("dup", "23505"))).getCode())
                .isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void aLimitTellsWhenToComeBack() {
        var limited = new marquee.platform.errors.ResourceExhaustedException("slow down", java.time.Duration.ofSeconds(42));
        Status status = ErrorMappingInterceptor.toStatus(limited);
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ErrorMappingInterceptor.trailersFor(limited, status).get(ErrorMappingInterceptor.RETRY_AFTER)).isEqualTo("42");
    }
}
