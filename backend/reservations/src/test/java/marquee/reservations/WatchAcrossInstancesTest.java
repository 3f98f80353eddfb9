package marquee.reservations;

import static marquee.reservations.CheckoutTest.card;
import static marquee.reservations.CheckoutTest.checkout;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import marquee.platform.BackendRuntime;
import marquee.platform.ServiceModules;
import marquee.platform.config.Config;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.CancelBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.reservations.v1.SeatMapEvent;
import marquee.reservations.v1.WatchSeatMapRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A kiosk watching a seat map through one reservations instance sees every change made through
 * another: holds, expiries (by the sweeper, with nobody calling), sales and cancellations.
 */
class WatchAcrossInstancesTest {
    private static TestBackend backend;
    private static BackendRuntime second;
    private static ManagedChannel secondChannel;
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        Map<String, String> shared = Map.of("marquee.reservations.hold.ttl", "PT2S", "marquee.reservations.sweep.interval", "PT1S");
        backend = TestBackend.start(shared, ServiceModules.byName("users", "theaters", "movies", "reservations", "payments", "tickets"));
        fixture = new Fixture(backend);
        Map<String, String> settings = new HashMap<>(shared);
        settings.put("marquee.db.url", backend.jdbcUrl());
        settings.put("marquee.db.user", "postgres");
        settings.put("marquee.data.dir", backend.dataDir().toString());
        settings.put("marquee.db.pool.size", "4");
        for (String peer : List.of("users", "movies", "theaters", "payments", "tickets")) {
            settings.put("marquee." + peer + ".address", "localhost:" + backend.runtime().port());
        }
        second = BackendRuntime.start(Config.withOverrides(settings), ServiceModules.load(List.of("reservations")), 0,
                BackendRuntime.StartupListener.NONE);
        secondChannel = NettyChannelBuilder.forAddress("localhost", second.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        if (secondChannel != null) secondChannel.shutdownNow();
        if (second != null) second.close();
        if (backend != null) backend.close();
    }

    @Test
    void aWatcherOnOneInstanceSeesHoldsExpiriesSalesAndCancellationsMadeOnAnother() throws Exception {
        var cinema = fixture.cinema(6, false);
        var showtime = fixture.showtime(cinema);
        BlockingQueue<SeatMapEvent> events = new LinkedBlockingQueue<>();
        ReservationsServiceGrpc.newStub(secondChannel).watchSeatMap(
                WatchSeatMapRequest.newBuilder().setShowtimeId(showtime.getId()).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(SeatMapEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                });
        assertThat(events.poll(10, TimeUnit.SECONDS).getSnapshot()).isTrue();

        // Made through the first instance:
        fixture.hold(fixture.customer(), showtime, "A1");                       // held, then expires by itself
        String buyer = fixture.customer();
        Booking sale = fixture.hold(buyer, showtime, "D1", "D2");
        fixture.reservations(buyer).checkout(checkout(sale, card(CheckoutTest.APPROVE), UUID.randomUUID().toString()));
        fixture.reservations(fixture.cashier(cinema.getId()))
                .cancelBooking(CancelBookingRequest.newBuilder().setBookingId(sale.getId()).setReason("test").build());

        List<String> reasons = new ArrayList<>();
        long lastVersion = 0;
        while (!reasons.contains("expired") || !reasons.contains("cancelled")) {
            SeatMapEvent event = events.poll(15, TimeUnit.SECONDS);
            assertThat(event).as("next seat event after " + reasons).isNotNull();
            assertThat(event.getVersion()).isGreaterThan(lastVersion);
            lastVersion = event.getVersion();
            reasons.add(event.getReason());
        }
        // The expiry comes whenever the sweeper runs; the rest arrive in the order they were made.
        assertThat(reasons).containsSubsequence("held", "held", "sold", "cancelled").contains("expired");
    }
}
