package marquee.platform.auth;

import java.util.Set;
import marquee.users.v1.Role;

/**
 * What door staff (role DOOR) may call, decided in one place for every service: checking tickets
 * in at the door and what the door scanner needs for that — nothing else, whatever an RPC's own
 * role check would let a signed-in caller do. Public calls (the programme) stay public.
 */
public final class DoorScope {
    private static final Set<String> ALLOWED = Set.of(
            "marquee.tickets.v1.TicketsService/CheckIn",
            "marquee.tickets.v1.TicketsService/VerifyTicket",
            "marquee.tickets.v1.TicketsService/UploadDoorScans",
            "marquee.tickets.v1.TicketsService/ListTicketsForSync",
            "marquee.tickets.v1.TicketsService/GetVerificationKey",
            "marquee.users.v1.UsersService/ReportDeviceState",
            "marquee.users.v1.UsersService/GetProfile",
            "marquee.users.v1.UsersService/StaffLogin",
            "marquee.theaters.v1.TheatersService/GetCinema",
            "marquee.theaters.v1.TheatersService/ListCinemas",
            "marquee.movies.v1.MoviesService/ListShowtimes",
            "marquee.movies.v1.MoviesService/ListMovies",
            "marquee.movies.v1.MoviesService/GetMovie");

    private DoorScope() {}

    /** True unless the caller is door staff calling something outside the door's calls. */
    public static boolean allows(Principal caller, String fullMethodName) {
        if (!caller.is(Role.DOOR)) return true;
        return ALLOWED.contains(fullMethodName) || fullMethodName.startsWith("grpc.");
    }
}
