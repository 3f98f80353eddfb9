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
}
