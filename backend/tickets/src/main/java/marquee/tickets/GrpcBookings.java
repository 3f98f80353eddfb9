package marquee.tickets;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import marquee.platform.errors.NotFoundException;
import marquee.platform.grpc.Channels;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;

/** {@link Bookings} over the reservations service's GetBooking. */
final class GrpcBookings implements Bookings {
    private final ReservationsServiceGrpc.ReservationsServiceBlockingStub stub;
    private final CallCredentials serviceIdentity;

    GrpcBookings(Channel channel, CallCredentials serviceIdentity) {
        this.stub = ReservationsServiceGrpc.newBlockingStub(channel);
        this.serviceIdentity = serviceIdentity;
    }

    @Override
    public BookingInfo byId(UUID bookingId) {
        // Our own identity: a kiosk or customer may not be allowed to read the booking directly,
        // but tickets decides who may issue from the booking's cinema and owner.
        return fetch(GetBookingRequest.newBuilder().setBookingId(bookingId.toString()).build(),
                deadline().withCallCredentials(serviceIdentity), "booking_id: there is no booking " + bookingId);
    }

    @Override
    public BookingInfo byCode(String code) {
        // No credentials: the channel forwards the caller's token, so reservations decides visibility.
        return fetch(GetBookingRequest.newBuilder().setCode(code).build(), deadline(),
                "booking_code: there is no booking " + code);
    }

    private static BookingInfo fetch(GetBookingRequest request,
                                     ReservationsServiceGrpc.ReservationsServiceBlockingStub stub, String notFound) {
        try {
            return toInfo(stub.getBooking(request));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) throw new NotFoundException(notFound);
            throw e;
        }
    }

    /** What tickets needs of a booking, from reservations' message (GetBooking, or the one IssueTickets carries). */
    static BookingInfo toInfo(Booking booking) {
        return new BookingInfo(UUID.fromString(booking.getId()), booking.getCode(), UUID.fromString(booking.getCinemaId()),
                booking.getUserId(), booking.getStatus(), UUID.fromString(booking.getShowtimeId()),
                booking.getMovieTitle(), booking.getHallName(), ProtoTime.instant(booking.getStartsAt()),
                booking.getLinesList().stream().map(l -> new BookingInfo.Line(l.getSeatId(), l.getRow(), l.getNumber(),
                        l.getCategory(), l.getTicketType(), l.getPrice().getAmountMinor(), l.getPrice().getCurrency())).toList());
    }

    private ReservationsServiceGrpc.ReservationsServiceBlockingStub deadline() {
        return stub.withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
