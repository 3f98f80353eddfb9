package marquee.theaters;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import marquee.common.v1.SeatCategory;
import marquee.theaters.v1.CreateCinemaRequest;
import marquee.theaters.v1.CreateHallRequest;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.GetHallRequest;
import marquee.theaters.v1.ListCinemasRequest;
import marquee.theaters.v1.ListCinemasResponse;
import marquee.theaters.v1.ListHallsRequest;
import marquee.theaters.v1.ListHallsResponse;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.SeatLayout;
import marquee.theaters.v1.SetSeatsBlockedRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.theaters.v1.UpdateCinemaRequest;
import marquee.theaters.v1.UpdateHallRequest;

/** The gRPC face of {@link TheatersService}: maps messages to domain values and back, nothing else. */
public final class TheatersGrpcService extends TheatersServiceGrpc.TheatersServiceImplBase {
    private final TheatersService theaters;

    public TheatersGrpcService(TheatersService theaters) {
        this.theaters = theaters;
    }

    @Override
    public void listCinemas(ListCinemasRequest request, StreamObserver<ListCinemasResponse> response) {
        ListCinemasResponse.Builder out = ListCinemasResponse.newBuilder();
        theaters.listCinemas().forEach(cinema -> out.addCinemas(toProto(cinema)));
        reply(response, out.build());
    }

    @Override
    public void getCinema(GetCinemaRequest request, StreamObserver<marquee.theaters.v1.Cinema> response) {
        reply(response, toProto(theaters.getCinema(request.getCinemaId())));
    }

    @Override
    public void createCinema(CreateCinemaRequest request, StreamObserver<marquee.theaters.v1.Cinema> response) {
        reply(response, toProto(theaters.createCinema(toDomain(request))));
    }

    @Override
    public void updateCinema(UpdateCinemaRequest request, StreamObserver<marquee.theaters.v1.Cinema> response) {
        Cinema values = request.hasCinema() ? toDomain(request.getCinema()) : null;
        reply(response, toProto(theaters.updateCinema(request.getCinemaId(), values)));
    }

    @Override
    public void listHalls(ListHallsRequest request, StreamObserver<ListHallsResponse> response) {
        ListHallsResponse.Builder out = ListHallsResponse.newBuilder();
        theaters.listHalls(request.getCinemaId()).forEach(hall -> out.addHalls(toProto(hall)));
        reply(response, out.build());
    }

    @Override
    public void getHall(GetHallRequest request, StreamObserver<marquee.theaters.v1.Hall> response) {
        reply(response, toProto(theaters.getHall(request.getHallId())));
    }

    @Override
    public void createHall(CreateHallRequest request, StreamObserver<marquee.theaters.v1.Hall> response) {
        Layout layout = request.hasLayout() ? toDomain(request.getLayout()) : null;
        reply(response, toProto(theaters.createHall(request.getCinemaId(), request.getName(), layout)));
    }

    @Override
    public void updateHall(UpdateHallRequest request, StreamObserver<marquee.theaters.v1.Hall> response) {
        Layout layout = request.hasLayout() ? toDomain(request.getLayout()) : null;
        reply(response, toProto(theaters.updateHall(request.getHallId(), request.getName(), layout)));
    }

    @Override
    public void setSeatsBlocked(SetSeatsBlockedRequest request, StreamObserver<marquee.theaters.v1.Hall> response) {
        reply(response, toProto(theaters.setSeatsBlocked(request.getHallId(), request.getSeatIdsList(),
                request.getBlocked())));
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }

    // ------------------------------------------------------------------------------ mapping

    static Cinema toDomain(CreateCinemaRequest request) {
        SalesRules rules = request.getSalesRules();
        return new Cinema(null, request.getName(), request.getAddress(), request.getCity(), request.getTimeZone(),
                request.getCurrency(), rules.getMaxSeatsPerOrder(), rules.getForbidSingleEmptySeat(),
                new Cinema.Offline(rules.getOfflineSeatsPerShowtime(), rules.getOfflineKiosksAllowed(),
                        rules.getOfflineCardFloorLimitMinor(), rules.getOfflineReturnMinutesBefore(), rules.getOfflineHoursAhead()));
    }

    static marquee.theaters.v1.Cinema toProto(Cinema cinema) {
        return marquee.theaters.v1.Cinema.newBuilder()
                .setId(cinema.id().toString())
                .setName(cinema.name())
                .setAddress(cinema.address())
                .setCity(cinema.city())
                .setTimeZone(cinema.timeZone())
                .setCurrency(cinema.currency())
                .setSalesRules(SalesRules.newBuilder()
                        .setMaxSeatsPerOrder(cinema.maxSeatsPerOrder())
                        .setForbidSingleEmptySeat(cinema.forbidSingleEmptySeat())
                        .setOfflineSeatsPerShowtime(cinema.offline().seatsPerShowtime())
                        .setOfflineKiosksAllowed(cinema.offline().kiosksAllowed())
                        .setOfflineCardFloorLimitMinor(cinema.offline().cardFloorLimitMinor())
                        .setOfflineReturnMinutesBefore(cinema.offline().returnMinutesBefore())
                        .setOfflineHoursAhead(cinema.offline().hoursAhead()))
                .build();
    }

    static Layout toDomain(SeatLayout layout) {
        List<Layout.Row> rows = new ArrayList<>(layout.getRowsCount());
        for (marquee.theaters.v1.Row row : layout.getRowsList()) {
            List<Layout.Seat> seats = new ArrayList<>(row.getSeatsCount());
            for (marquee.theaters.v1.Seat seat : row.getSeatsList()) {
                seats.add(new Layout.Seat(seat.getId(), seat.getRow(), seat.getNumber(), seat.getX(), seat.getWidth(),
                        toDomain(seat.getCategory()), seat.getBlocked(), seat.getPartnerId()));
            }
            rows.add(new Layout.Row(row.getLabel(), row.getY(), seats));
        }
        return new Layout(rows, layout.getWidth(), layout.getDepth());
    }

    /** Null for UNSPECIFIED and for numbers this server does not know; the validator rejects both. */
    static Layout.Category toDomain(SeatCategory category) {
        return switch (category) {
            case STANDARD -> Layout.Category.STANDARD;
            case PREMIUM -> Layout.Category.PREMIUM;
            case WHEELCHAIR -> Layout.Category.WHEELCHAIR;
            case COMPANION -> Layout.Category.COMPANION;
            case COUPLE -> Layout.Category.COUPLE;
            case SEAT_CATEGORY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static SeatCategory toProto(Layout.Category category) {
        return switch (category) {
            case STANDARD -> SeatCategory.STANDARD;
            case PREMIUM -> SeatCategory.PREMIUM;
            case WHEELCHAIR -> SeatCategory.WHEELCHAIR;
            case COMPANION -> SeatCategory.COMPANION;
            case COUPLE -> SeatCategory.COUPLE;
        };
    }

    static marquee.theaters.v1.Hall toProto(Hall hall) {
        marquee.theaters.v1.Hall.Builder out = marquee.theaters.v1.Hall.newBuilder()
                .setId(hall.id().toString())
                .setCinemaId(hall.cinemaId().toString())
                .setName(hall.name())
                .setSeatCount(hall.seatCount());
        if (hall.layout() != null) out.setLayout(toProto(hall.layout()));
        return out.build();
    }

    static SeatLayout toProto(Layout layout) {
        SeatLayout.Builder out = SeatLayout.newBuilder().setWidth(layout.width()).setDepth(layout.depth());
        for (Layout.Row row : layout.rows()) {
            marquee.theaters.v1.Row.Builder rowOut = out.addRowsBuilder().setLabel(row.label()).setY(row.y());
            for (Layout.Seat seat : row.seats()) {
                rowOut.addSeatsBuilder()
                        .setId(seat.id())
                        .setRow(seat.row())
                        .setNumber(seat.number())
                        .setX(seat.x())
                        .setWidth(seat.width())
                        .setCategory(toProto(seat.category()))
                        .setBlocked(seat.blocked())
                        .setPartnerId(seat.partnerId());
            }
        }
        return out.build();
    }
}
