package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /showtimes/:id/cancel (issue 15): managers only; afterwards the showtime takes no hold. */
class ShowtimeCancellationOverHttpTest {
    static LiveGateway live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveGateway.get();
        PurchaseOverHttpTest.live = live; // its helpers (futureShowtime, register) use the same gateway
    }

    @Test
    void aManagerCancelsAShowtimeOverHttpAndItTakesNoMoreHolds() throws Exception {
        String showtime = PurchaseOverHttpTest.futureShowtime();
        String customer = PurchaseOverHttpTest.register("Cancel Watcher");
        var seats = live.post("/showtimes/" + showtime + "/suggestions", "{\"count\":1}", customer);
        assertThat(seats.status()).as(seats.toString()).isEqualTo(200);
        String seat = seats.json().getFieldsOrThrow("seatIds").getListValue().getValues(0).getStringValue();

        var refused = live.post("/showtimes/" + showtime + "/cancel", "", customer);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);

        String manager = live.login("manager@marquee.demo", "Manager2026!");
        var cancelled = live.post("/showtimes/" + showtime + "/cancel", "", manager);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.string("status")).isEqualTo("CANCELLED");
        // Again: answered with the cancelled showtime, nothing changes.
        assertThat(live.post("/showtimes/" + showtime + "/cancel", "", manager).string("status")).isEqualTo("CANCELLED");

        // Reservations learns it from the showtime.cancelled event (relayed every 250 ms), not by a call.
        Thread.sleep(1500);
        var hold = live.post("/reservations", "{\"showtime_id\":\"" + showtime + "\",\"seats\":[{\"seat_id\":\"" + seat
                + "\"}],\"idempotency_key\":\"" + UUID.randomUUID() + "\"}", customer);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(409);
        assertThat(hold.body()).contains("cancelled");

        for (var bad : List.of(List.of("/showtimes/" + UUID.randomUUID() + "/cancel", "404"), List.of("/showtimes/not-an-id/cancel", "400"))) {
            var response = live.post(bad.get(0), "", manager);
            assertThat(response.status()).as(response.toString()).isEqualTo(Integer.parseInt(bad.get(1)));
        }
    }
}
