package marquee.kiosk.backend;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.auth.BearerToken;
import marquee.platform.grpc.Channels;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.User;
import marquee.users.v1.UsersServiceGrpc;

/** {@link BackendClient} over gRPC, with a deadline on every call. */
public final class GrpcBackendClient implements BackendClient {
    private static final long DEADLINE_SECONDS = 10;

    private final ManagedChannel channel;
    private volatile BearerToken token;
    private volatile User device;

    public GrpcBackendClient(String target) {
        this.channel = Channels.build(target);
    }

    @Override
    public void signIn(String deviceId, String secret) {
        var response = UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .deviceLogin(DeviceLoginRequest.newBuilder().setDeviceId(deviceId).setDeviceSecret(secret).build());
        token = new BearerToken(response.getAccessToken());
        device = response.getUser();
    }

    @Override
    public CinemaInfo cinema() {
        var cinema = TheatersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .withCallCredentials(token)
                .getCinema(GetCinemaRequest.newBuilder().setCinemaId(device.getCinemaId()).build());
        return new CinemaInfo(cinema.getId(), cinema.getName(), cinema.getTimeZone());
    }

    @Override
    public List<ShowtimeInfo> showtimes(String cinemaId, LocalDate date) {
        return MoviesServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .withCallCredentials(token)
                .listShowtimes(ListShowtimesRequest.newBuilder().setCinemaId(cinemaId).setDate(date.toString()).build())
                .getShowtimesList().stream()
                .map(s -> new ShowtimeInfo(s.getId(), s.getMovieTitle(), s.getHallName(), instant(s.getStartsAt()), s.getFormat()))
                .toList();
    }

    private static Instant instant(Timestamp timestamp) {
        return marquee.platform.grpc.ProtoTime.instant(timestamp);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
