package marquee.reservations;

import io.grpc.stub.StreamObserver;
import java.util.UUID;
import marquee.platform.auth.Auth;
import marquee.platform.auth.Principal;
import marquee.platform.errors.Check;
import marquee.platform.errors.PermissionDeniedException;
import marquee.reservations.v1.AllocationList;
import marquee.reservations.v1.ListAllocationsRequest;
import marquee.reservations.v1.OfflineSalesServiceGrpc;
import marquee.reservations.v1.ReturnAllocationsRequest;
import marquee.reservations.v1.TakeAllocationsRequest;
import marquee.reservations.v1.UploadOfflineSalesRequest;
import marquee.reservations.v1.UploadOfflineSalesResponse;
import marquee.users.v1.Role;

/** Maps OfflineSalesService onto {@link OfflineAllocations} and {@link OfflineUploads}; no rules live here. */
final class OfflineSalesGrpcService extends OfflineSalesServiceGrpc.OfflineSalesServiceImplBase {
    private final OfflineAllocations allocations;
    private final OfflineUploads uploads;

    OfflineSalesGrpcService(OfflineAllocations allocations, OfflineUploads uploads) {
        this.allocations = allocations;
        this.uploads = uploads;
    }

    @Override
    public void takeAllocations(TakeAllocationsRequest request, StreamObserver<AllocationList> response) {
        Principal caller = Auth.requireSignedIn();
        reply(response, allocations.take(allocations.terminal(caller, request.getDeviceId())));
    }

    @Override
    public void returnAllocations(ReturnAllocationsRequest request, StreamObserver<AllocationList> response) {
        Principal caller = Auth.requireSignedIn();
        reply(response, allocations.giveBack(allocations.terminal(caller, request.getDeviceId()), request.getAllocationIdsList()));
    }

    @Override
    public void listAllocations(ListAllocationsRequest request, StreamObserver<AllocationList> response) {
        Principal caller = Auth.require(Role.MANAGER, Role.CASHIER, Role.SERVICE);
        UUID cinema = request.getCinemaId().isBlank() ? null : Check.uuid("cinema_id", request.getCinemaId());
        if (!caller.isService() && caller.cinema().isPresent()) {
            UUID own = UUID.fromString(caller.cinemaId());
            if (cinema != null && !cinema.equals(own)) throw new PermissionDeniedException("cinema_id: you may see your own cinema's terminals only");
            cinema = own;
        } else if (caller.is(Role.CASHIER)) {
            throw new PermissionDeniedException("a cashier sees the terminals of their own cinema");
        }
        String device = request.getDeviceId().isBlank() ? null : request.getDeviceId().strip();
        AllocationList.Builder out = AllocationList.newBuilder().addAllAllocations(allocations.live(device, cinema));
        if (cinema != null) out.setPolicy(allocations.policy(cinema));
        reply(response, out.build());
    }

    @Override
    public void uploadOfflineSales(UploadOfflineSalesRequest request, StreamObserver<UploadOfflineSalesResponse> response) {
        Principal caller = Auth.requireSignedIn();
        reply(response, uploads.upload(caller, allocations.terminal(caller, request.getDeviceId()), request.getSalesList()));
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
