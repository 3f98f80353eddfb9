package marquee.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.Showtime;
import marquee.platform.grpc.ErrorMappingInterceptor;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.ReleaseHoldRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.WatchSeatMapRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cap on a customer's live holds and the bound on seat-map watchers, tripped over real gRPC. */
class ReservationLimitsTest {
    private static TestBackend backend;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        backend = Fixture.startBackend(Map.of(
                "marquee.reservations.max.holds.per.customer", "2",
                "marquee.reservations.max.watchers", "2"));
        fixture = new Fixture(backend);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void aCustomerCannotHoldMoreThanTheCapAtOnce() {
        Showtime showtime = fixture.showtime();
        String customer = fixture.customer();
        Booking first = fixture.hold(customer, showtime, "D1");
        fixture.hold(customer, showtime, "D2");
        String before = backend.snapshot("reservations");
        StatusRuntimeException refused = Fixture.assertFails(Status.Code.RESOURCE_EXHAUSTED, "You already hold seats in 2 orders",
                () -> fixture.hold(customer, showtime, "D3"));
        assertThat(backend.snapshot("reservations")).isEqualTo(before);
        long retryAfter = Long.parseLong(refused.getTrailers().get(ErrorMappingInterceptor.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 8 * 60L);

        // Another customer is not affected; releasing a hold makes room again.
        fixture.hold(fixture.customer(), showtime, "D3");
        fixture.reservations(customer).releaseHold(ReleaseHoldRequest.newBuilder().setBookingId(first.getId()).build());
        assertThat(fixture.hold(customer, showtime, "D4").getLinesCount()).isEqualTo(1);
    }

    @Test
    void staffAreNotCappedBecauseTheyHoldForThePeopleInFrontOfThem() {
        Showtime showtime = fixture.showtime();
        String cashier = fixture.cashier(showtime.getCinemaId());
        for (int n = 1; n <= 4; n++) fixture.hold(cashier, showtime, "A" + n);
    }

    @Test
    void seatMapWatchersPerProcessAreBounded() throws Exception {
        Showtime showtime = fixture.showtime();
        List<ClientCallStreamObserver<WatchSeatMapRequest>> open = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Watch watch = watch(showtime);
            assertThat(watch.snapshot.get(10, TimeUnit.SECONDS).getSnapshot()).isTrue();
            open.add(watch.call);
        }
        Watch third = watch(showtime);
        Throwable error = third.ended.get(10, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException refused = (StatusRuntimeException) error;
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("seat maps");
        assertThat(refused.getTrailers().get(ErrorMappingInterceptor.RETRY_AFTER)).isNotNull();

        // A watcher that goes away frees its place.
        open.remove(0).cancel("done", null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        SeatMapEvent snapshot = null;
        while (snapshot == null && System.nanoTime() < deadline) {
            Watch again = watch(showtime);
            CompletableFuture<Object> first = CompletableFuture.anyOf(again.snapshot, again.ended);
            Object outcome = first.get(10, TimeUnit.SECONDS);
            if (outcome instanceof SeatMapEvent event) {
                snapshot = event;
                again.call.cancel("done", null);
            } else {
                Thread.sleep(100);
            }
        }
        assertThat(snapshot).as("a watch after one was cancelled").isNotNull();
        open.forEach(call -> call.cancel("done", null));
    }

    private record Watch(ClientCallStreamObserver<WatchSeatMapRequest> call, CompletableFuture<SeatMapEvent> snapshot,
                         CompletableFuture<Throwable> ended) {}

    private static Watch watch(Showtime showtime) {
        CompletableFuture<SeatMapEvent> snapshot = new CompletableFuture<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<WatchSeatMapRequest>> call = new CompletableFuture<>();
        ReservationsServiceGrpc.newStub(backend.channel()).watchSeatMap(
                WatchSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build(),
                new ClientResponseObserver<WatchSeatMapRequest, SeatMapEvent>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchSeatMapRequest> requestStream) {
                        call.complete(requestStream);
                    }

                    @Override
                    public void onNext(SeatMapEvent value) {
                        snapshot.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        return new Watch(call.join(), snapshot, ended);
    }
}
