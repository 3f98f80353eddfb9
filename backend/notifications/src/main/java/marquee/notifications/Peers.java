package marquee.notifications;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import marquee.platform.grpc.Channels;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.GetBookingRequest;
import marquee.reservations.v1.ReservationsServiceGrpc;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.GetUserRequest;
import marquee.users.v1.Role;
import marquee.users.v1.User;
import marquee.users.v1.UsersServiceGrpc;

/** What notifications reads from the other services, as itself (reservations.read, users.read) or for its caller. */
final class Peers {
    private final Channel reservations;
    private final Channel tickets;
    private final Channel users;
    private final Channel theaters;
    private final CallCredentials identity;

    Peers(Channels channels, CallCredentials identity) {
        this.reservations = channels.to("reservations");
        this.tickets = channels.to("tickets");
        this.users = channels.to("users");
        this.theaters = channels.to("theaters");
        this.identity = identity;
    }

    private static long deadline() {
        return Channels.CALL_DEADLINE.toMillis();
    }

    Booking booking(String bookingId) {
        return ReservationsServiceGrpc.newBlockingStub(reservations).withCallCredentials(identity)
                .withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
                .getBooking(GetBookingRequest.newBuilder().setBookingId(bookingId).build());
    }

    /** The booking as the calling person may see it (their token travels on); refused if they may not. */
    Booking bookingForCaller(String bookingId) {
        return ReservationsServiceGrpc.newBlockingStub(reservations).withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
                .getBooking(GetBookingRequest.newBuilder().setBookingId(bookingId).build());
    }

    List<Ticket> tickets(String bookingCode) {
        return TicketsServiceGrpc.newBlockingStub(tickets).withCallCredentials(identity)
                .withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
                .getTickets(GetTicketsRequest.newBuilder().setBookingCode(bookingCode).build()).getTicketsList();
    }

    /** A customer account's e-mail address; none for staff, devices and sales without an account. */
    Optional<String> customerEmail(String userId) {
        if (userId == null || userId.isBlank()) return Optional.empty();
        try {
            User user = UsersServiceGrpc.newBlockingStub(users).withCallCredentials(identity)
                    .withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
                    .getUser(GetUserRequest.newBuilder().setUserId(userId).build());
            return user.getRole() == Role.CUSTOMER && !user.getEmail().isBlank() ? Optional.of(user.getEmail()) : Optional.empty();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                return Optional.empty(); // a kiosk or till sale: the "user" is a device or staff id
            }
            throw e;
        }
    }

    ZoneId zone(String cinemaId) {
        try {
            return ZoneId.of(TheatersServiceGrpc.newBlockingStub(theaters).withCallCredentials(identity)
                    .withDeadlineAfter(deadline(), TimeUnit.MILLISECONDS)
                    .getCinema(GetCinemaRequest.newBuilder().setCinemaId(cinemaId).build()).getTimeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
