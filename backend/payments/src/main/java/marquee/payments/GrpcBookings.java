package marquee.payments;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import marquee.platform.errors.NotFoundException;
import marquee.platform.grpc.Channels;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;

/**
 * {@link Bookings} over the reservations service's gRPC API. Calls with the service's own
 * identity: payments must read the true price and owner of any booking, whoever is paying.
 */
final class GrpcBookings implements Bookings {
    private final ReservationsServiceGrpc.ReservationsServiceBlockingStub stub;

    GrpcBookings(Channel channel, CallCredentials serviceIdentity) {
        this.stub = ReservationsServiceGrpc.newBlockingStub(channel).withCallCredentials(serviceIdentity);
    }

    @Override
    public BookingInfo find(String bookingId) {
        try {
            return info(stub.withDeadlineAfter(Channels.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getBooking(GetBookingRequest.newBuilder().setBookingId(bookingId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                throw new NotFoundException("booking_id: there is no booking " + bookingId);
            }
            throw e;
        }
    }

    /** What payments needs of a booking, from reservations' message (GetBooking, or the snapshot a charge carries). */
    static BookingInfo info(Booking booking) {
        return new BookingInfo(booking.getId(), booking.getCinemaId(), booking.getUserId(), status(booking),
                booking.getTotal().getAmountMinor(), booking.getTotal().getCurrency(),
                booking.hasExpiresAt() ? ProtoTime.instant(booking.getExpiresAt()) : null, booking.getLinesCount(),
                booking.getCheckoutOpen());
    }

    private static Status status(Booking booking) {
        return switch (booking.getStatus()) {
            case BOOKING_HELD -> Status.HELD;
            case BOOKING_CONFIRMED -> Status.CONFIRMED;
            case BOOKING_RELEASED -> Status.RELEASED;
            case BOOKING_EXPIRED -> Status.EXPIRED;
            case BOOKING_CANCELLED -> Status.CANCELLED;
            default -> Status.UNKNOWN;
        };
    }
}
