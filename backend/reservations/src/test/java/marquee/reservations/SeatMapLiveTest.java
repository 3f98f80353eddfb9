package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import marquee.common.v1.SeatCategory;
import marquee.movies.v1.Showtime;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.SeatState;
import marquee.reservations.v1.SeatStatus;
import marquee.reservations.v1.SuggestSeatsRequest;
import marquee.reservations.v1.WatchSeatMapRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WatchSeatMap and SuggestSeats over real gRPC. */
class SeatMapLiveTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of());
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aWatcherGetsASnapshotThenEveryHoldAndReleaseInOrderUntilItCancels() throws Exception {
        Showtime showtime = fixture.showtime();
        fixture.hold(fixture.customer(), showtime, "A1");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        AtomicReference<ClientCallStreamObserver<WatchSeatMapRequest>> call = new AtomicReference<>();
        ReservationsServiceGrpc.newStub(backend.channel()).watchSeatMap(
                WatchSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build(),
                new ClientResponseObserver<WatchSeatMapRequest, SeatMapEvent>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchSeatMapRequest> requestStream) {
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(SeatMapEvent value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        received.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        received.add("completed");
                    }
                });
        SeatMapEvent snapshot = (SeatMapEvent) received.poll(10, TimeUnit.SECONDS);
        assertThat(snapshot.getSnapshot()).isTrue();
        assertThat(snapshot.getReason()).isEqualTo("snapshot");
        assertThat(snapshot.getChangesList()).containsExactlyInAnyOrder(state("A1", SeatStatus.SEAT_HELD), state("B4", SeatStatus.SEAT_BLOCKED));

        String customer = fixture.customer();
        Booking hold = fixture.hold(customer, showtime, "D5", "D6");
        SeatMapEvent held = (SeatMapEvent) received.poll(10, TimeUnit.SECONDS);
        assertThat(held.getReason()).isEqualTo("held");
        assertThat(held.getSnapshot()).isFalse();
        // Versions increase per showtime; since V10 they come from one sequence and need not be consecutive.
        assertThat(held.getVersion()).isGreaterThan(snapshot.getVersion());
        assertThat(held.getChangesList()).containsExactly(state("D5", SeatStatus.SEAT_HELD), state("D6", SeatStatus.SEAT_HELD));

        fixture.reservations(customer).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(hold.getId()).build());
        SeatMapEvent released = (SeatMapEvent) received.poll(10, TimeUnit.SECONDS);
        assertThat(released.getReason()).isEqualTo("released");
        assertThat(released.getVersion()).isGreaterThan(held.getVersion());
        assertThat(released.getChangesList()).extracting(SeatState::getStatus).containsOnly(SeatStatus.SEAT_FREE);

        call.get().cancel("test done", null);
        Object last = received.poll(5, TimeUnit.SECONDS);
        assertThat(last).isInstanceOf(io.grpc.StatusRuntimeException.class);
        assertThat(((io.grpc.StatusRuntimeException) last).getStatus().getCode()).isEqualTo(Code.CANCELLED);
    }

    private static SeatState state(String seat, SeatStatus status) {
        return SeatState.newBuilder().setSeatId(seat).setStatus(status).build();
    }

    @Test
    void suggestionsAreWholeFreeBlocksNearTheCentreAndHoldNothing() {
        Showtime showtime = fixture.showtime();
        var stub = fixture.reservations(null);
        SuggestSeatsRequest three = SuggestSeatsRequest.newBuilder().setShowtimeId(showtime.getId()).setCount(3).build();
        // Row D is the only row with three free standard seats in a block; its centre is D4–D6 or D5–D7.
        assertThat(stub.suggestSeats(three).getSeatIdsList()).hasSize(3).allMatch(id -> id.startsWith("D"));
        fixture.hold(fixture.customer(), showtime, "D4", "D5", "D6", "D7");
        assertThat(stub.suggestSeats(three).getSeatIdsList()).hasSize(3).doesNotContain("D4", "D5", "D6", "D7");
        assertThat(stub.suggestSeats(SuggestSeatsRequest.newBuilder().setShowtimeId(showtime.getId()).setCount(2)
                .setCategory(SeatCategory.COUPLE).build()).getSeatIdsList()).containsAnyOf("C1", "C3").hasSize(2);
        assertThat(backend.count("SELECT count(*) FROM reservations.seat_claim WHERE showtime_id = '" + showtime.getId() + "'"))
                .isEqualTo(4);
        Fixture.assertFails(Code.INVALID_ARGUMENT, "count must be between 1 and 4",
                () -> stub.suggestSeats(three.toBuilder().setCount(5).build()));
        Fixture.assertFails(Code.INVALID_ARGUMENT, "category: unknown value 99",
                () -> stub.suggestSeats(three.toBuilder().setCategoryValue(99).build()));
    }
}
