package marquee.theaters;


import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import marquee.common.v1.SeatCategory;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.Role;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Requests, layouts and assertions shared by the RPC tests. */
final class TheatersTestSupport {
    private static final AtomicInteger names = new AtomicInteger();

    private TheatersTestSupport() {}

    static String unique(String prefix) {
        return prefix + " " + names.incrementAndGet();
    }

    static TheatersServiceGrpc.TheatersServiceBlockingStub stub(TestBackend backend, String token) {
        return TestBackend.as(TheatersServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    static TheatersServiceGrpc.TheatersServiceBlockingStub anonymous(TestBackend backend) {
        return stub(backend, null);
    }

    static TheatersServiceGrpc.TheatersServiceBlockingStub manager(TestBackend backend) {
        return stub(backend, backend.tokens().manager());
    }

    static TheatersServiceGrpc.TheatersServiceBlockingStub as(TestBackend backend, Role role, String cinemaId) {
        return stub(backend, backend.tokens().token(role, UUID.randomUUID().toString(), cinemaId));
    }

    static CreateCinemaRequest cinemaRequest(String name) {
        return CreateCinemaRequest.newBuilder()
                .setName(name)
                .setAddress("1 River Walk")
                .setCity("Berlin")
                .setTimeZone("Europe/Berlin")
                .setCurrency("EUR")
                .setSalesRules(SalesRules.newBuilder().setMaxSeatsPerOrder(8).setForbidSingleEmptySeat(true))
                .build();
    }

    static Seat seat(String row, int number, int x, SeatCategory category) {
        return Seat.newBuilder().setId(row + number).setRow(row).setNumber(number).setX(x).setWidth(1)
                .setCategory(category).build();
    }

    static Seat standard(String row, int number, int x) {
        return seat(row, number, x, SeatCategory.STANDARD);
    }

    static Seat couple(String row, int number, int x, int partnerNumber) {
        return seat(row, number, x, SeatCategory.COUPLE).toBuilder().setPartnerId(row + partnerNumber).build();
    }

    /**
     * A small hall with every feature: row A (y 0) has a 2-wide wheelchair space, its companion
     * seat, an aisle and two standard seats; y 1 is a cross aisle; row B (y 2) has a couple sofa,
     * an aisle, a blocked standard seat and a premium seat.
     */
    static SeatLayout mixedLayout() {
        Row rowA = Row.newBuilder().setLabel("A").setY(0)
                .addSeats(seat("A", 1, 0, SeatCategory.WHEELCHAIR).toBuilder().setWidth(2))
                .addSeats(seat("A", 2, 2, SeatCategory.COMPANION))
                .addSeats(standard("A", 3, 4))
                .addSeats(standard("A", 4, 5))
                .build();
        Row rowB = Row.newBuilder().setLabel("B").setY(2)
                .addSeats(couple("B", 1, 0, 2))
                .addSeats(couple("B", 2, 1, 1))
                .addSeats(standard("B", 3, 3).toBuilder().setBlocked(true))
                .addSeats(seat("B", 4, 4, SeatCategory.PREMIUM))
                .build();
        return SeatLayout.newBuilder().addRows(rowA).addRows(rowB).setWidth(6).setDepth(3).build();
    }

    /** A plain grid of standard seats with a centre aisle; rows are labelled A..Z, AA..AZ, BA.. */
    static SeatLayout grid(int rows, int seatsPerRow) {
        SeatLayout.Builder layout = SeatLayout.newBuilder();
        for (int r = 0; r < rows; r++) {
            String label = rowLabel(r);
            Row.Builder row = layout.addRowsBuilder().setLabel(label).setY(r);
            for (int n = 1; n <= seatsPerRow; n++) {
                int x = n - 1 + (n > seatsPerRow / 2 ? 1 : 0);
                row.addSeats(standard(label, n, x));
            }
        }
        return layout.build();
    }

    static String rowLabel(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index))
                : String.valueOf((char) ('A' + index / 26 - 1)) + (char) ('A' + index % 26);
    }

    /** Runs a call that must fail with {@code code} and a message containing {@code fragment}. */
    static StatusRuntimeException assertFails(Status.Code code, String fragment, ThrowingCallable call) {
        return marquee.platform.testing.GrpcAssertions.assertFails(code, fragment, call);
    }

    /** As {@link #assertFails}, and the theaters schema holds exactly the same rows afterwards. */
    static StatusRuntimeException assertRejected(TestBackend backend, Status.Code code, String fragment,
                                                 ThrowingCallable call) {
        return marquee.platform.testing.GrpcAssertions.assertFailsWithoutChange(backend, "theaters", code, fragment, call);
    }
}
