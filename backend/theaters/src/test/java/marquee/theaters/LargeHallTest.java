package marquee.theaters;

import static marquee.theaters.TheatersTestSupport.anonymous;
import static marquee.theaters.TheatersTestSupport.cinemaRequest;
import static marquee.theaters.TheatersTestSupport.grid;
import static marquee.theaters.TheatersTestSupport.manager;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import marquee.platform.ServiceModules;
import marquee.platform.testing.TestBackend;
import marquee.theaters.v1.Cinema;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.GetHallRequest;
import marquee.theaters.v1.Hall;
import marquee.theaters.v1.ListHallsRequest;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.SetSeatsBlockedRequest;
import marquee.theaters.v1.UpdateHallRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The largest hall the contract allows: 5,000 seats. */
class LargeHallTest {
    private static final Logger log = LoggerFactory.getLogger(LargeHallTest.class);
    private static TestBackend backend;
    private static Cinema cinema;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(ServiceModules.byName("theaters"));
        cinema = manager(backend).createCinema(cinemaRequest("Arena"));
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    @Test
    void fiveThousandSeatHallIsCreatedAndReadsBackUnchanged() {
        SeatLayout layout = grid(50, 100).toBuilder().setWidth(101).setDepth(50).build();
        // The first large hall also pays for class loading and JIT; the second shows the steady state.
        long coldStart = System.nanoTime();
        manager(backend).createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId()).setName("Warm-up")
                .setLayout(grid(50, 100)).build());
        long coldMillis = (System.nanoTime() - coldStart) / 1_000_000;

        long started = System.nanoTime();
        Hall created = manager(backend).createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId())
                .setName("Arena 1").setLayout(layout).build());
        long createMillis = (System.nanoTime() - started) / 1_000_000;

        started = System.nanoTime();
        Hall read = anonymous(backend).getHall(GetHallRequest.newBuilder().setHallId(created.getId()).build());
        long readMillis = (System.nanoTime() - started) / 1_000_000;

        log.info("5,000-seat hall: first created in {} ms, then in {} ms, read back in {} ms",
                coldMillis, createMillis, readMillis);
        assertThat(read.getSeatCount()).isEqualTo(5_000);
        assertThat(read.getLayout()).isEqualTo(layout);
        assertThat(read).isEqualTo(created);
        assertThat(backend.count("SELECT count(*) FROM theaters.seat WHERE hall_id = '" + created.getId() + "'"))
                .isEqualTo(5_000);
        assertThat(anonymous(backend).listHalls(ListHallsRequest.newBuilder().setCinemaId(cinema.getId()).build())
                .getHallsList()).filteredOn(hall -> hall.getId().equals(created.getId()))
                .extracting(Hall::getSeatCount).containsExactly(5_000);
    }

    @Test
    void fiveThousandSeatHallCanBeReplacedAndHaveManySeatsBlockedAtOnce() {
        Hall hall = manager(backend).createHall(CreateHallRequest.newBuilder().setCinemaId(cinema.getId())
                .setName("Arena 2").setLayout(grid(50, 100)).build());

        long started = System.nanoTime();
        manager(backend).updateHall(UpdateHallRequest.newBuilder().setHallId(hall.getId()).setName("Arena 2")
                .setLayout(grid(100, 50)).build());
        long updateMillis = (System.nanoTime() - started) / 1_000_000;
        List<String> frontRows = grid(10, 50).getRowsList().stream()
                .flatMap(row -> row.getSeatsList().stream()).map(seat -> seat.getId()).toList();
        Hall blocked = manager(backend).setSeatsBlocked(SetSeatsBlockedRequest.newBuilder()
                .setHallId(hall.getId()).addAllSeatIds(frontRows).setBlocked(true).build());

        log.info("5,000-seat hall: layout replaced in {} ms", updateMillis);
        assertThat(blocked.getSeatCount()).isEqualTo(5_000);
        assertThat(blocked.getLayout().getRowsCount()).isEqualTo(100);
        assertThat(backend.count("SELECT count(*) FROM theaters.seat WHERE hall_id = '" + hall.getId()
                + "' AND blocked")).isEqualTo(500);
    }
}
