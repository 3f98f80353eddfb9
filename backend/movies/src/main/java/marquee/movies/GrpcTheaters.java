package marquee.movies;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.platform.errors.NotFoundException;
import marquee.platform.grpc.Channels;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.GetHallRequest;
import marquee.theaters.v1.TheatersServiceGrpc;

/** {@link Theaters} over the theaters service's gRPC API. */
final class GrpcTheaters implements Theaters {
    private final TheatersServiceGrpc.TheatersServiceBlockingStub stub;

    GrpcTheaters(Channel channel) {
        this.stub = TheatersServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public Hall hall(UUID hallId) {
        try {
            var hall = deadline().getHall(GetHallRequest.newBuilder().setHallId(hallId.toString()).build());
            return new Hall(hallId, UUID.fromString(hall.getCinemaId()), hall.getName());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("hall_id: there is no hall " + hallId);
            }
            throw e;
        }
    }

    @Override
    public Cinema cinema(UUID cinemaId) {
        try {
            var cinema = deadline().getCinema(GetCinemaRequest.newBuilder().setCinemaId(cinemaId.toString()).build());
            return new Cinema(cinemaId, cinema.getName(), ZoneId.of(cinema.getTimeZone()), cinema.getCurrency());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("cinema_id: there is no cinema " + cinemaId);
            }
            throw e;
        }
    }

    private TheatersServiceGrpc.TheatersServiceBlockingStub deadline() {
        return stub.withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
