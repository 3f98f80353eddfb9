package marquee.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** How every service's tests say "this call is refused, clearly, and changes nothing". */
public final class GrpcAssertions {
    private GrpcAssertions() {}

    /** The call fails with {@code code} and a message containing {@code messagePart}. */
    public static StatusRuntimeException assertFails(Status.Code code, String messagePart, ThrowingCallable call) {
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(error).as("expected %s containing \"%s\"", code, messagePart).isNotNull();
        assertThat(error.getStatus().getCode()).as(String.valueOf(error.getStatus().getDescription())).isEqualTo(code);
        assertThat(error.getStatus().getDescription()).contains(messagePart);
        return error;
    }

    /** Like {@link #assertFails}, and every table of {@code schema} is exactly as before the call. */
    public static StatusRuntimeException assertFailsWithoutChange(TestBackend backend, String schema, Status.Code code,
                                                                  String messagePart, ThrowingCallable call) {
        String before = backend.snapshot(schema);
        StatusRuntimeException error = assertFails(code, messagePart, call);
        assertThat(backend.snapshot(schema)).as("rows of schema " + schema + " after a refused call").isEqualTo(before);
        return error;
    }
}
