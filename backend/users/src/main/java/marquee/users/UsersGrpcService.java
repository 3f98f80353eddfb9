package marquee.users;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import marquee.platform.auth.Auth;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.grpc.ProtoTime;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.DeviceState;
import marquee.users.v1.ListDeviceStatesRequest;
import marquee.users.v1.ListDeviceStatesResponse;
import marquee.users.v1.ReportDeviceStateRequest;
import marquee.users.v1.DeviceLoginRequest;
import marquee.users.v1.GetProfileRequest;
import marquee.users.v1.GetSigningKeyRequest;
import marquee.users.v1.GetUserRequest;
import marquee.users.v1.LoginRequest;
import marquee.users.v1.LoginResponse;
import marquee.users.v1.RegisterRequest;
import marquee.users.v1.SigningKey;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.User;
import marquee.users.v1.UsersServiceGrpc;

/** Maps the users contract onto {@link Accounts}; no rules live here. */
final class UsersGrpcService extends UsersServiceGrpc.UsersServiceImplBase {
    private final Accounts accounts;
    private final ServiceSignIn services;
    private final Devices devices;
    private final SignInLimits limits;

    private final java.time.Duration longestTokenLifetime;

    /** Seats set aside per terminal for offline selling (null in tests that build the service without them). */
    private AllocatedSeats allocatedSeats;

    UsersGrpcService withAllocatedSeats(AllocatedSeats allocated) {
        this.allocatedSeats = allocated;
        return this;
    }

    UsersGrpcService(Accounts accounts, ServiceSignIn services, Devices devices, SignInLimits limits) {
        this(accounts, services, devices, limits, java.time.Duration.ofHours(12));
    }

    UsersGrpcService(Accounts accounts, ServiceSignIn services, Devices devices, SignInLimits limits,
                     java.time.Duration longestTokenLifetime) {
        this.limits = limits;
        this.accounts = accounts;
        this.services = services;
        this.devices = devices;
        this.longestTokenLifetime = longestTokenLifetime;
    }

    @Override
    public void setAccountDisabled(marquee.users.v1.SetAccountDisabledRequest request, StreamObserver<User> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(accounts.setDisabled(caller, request.getUserId(), request.getStaffLogin(), request.getDeviceId(),
                request.getDisabled(), request.getReason())));
    }

    @Override
    public void rotateDeviceSecret(marquee.users.v1.RotateDeviceSecretRequest request,
                                   StreamObserver<marquee.users.v1.RotateDeviceSecretResponse> response) {
        var caller = Auth.requireSignedIn();
        var rotated = accounts.rotateDeviceSecret(caller, request.getDeviceId());
        reply(response, marquee.users.v1.RotateDeviceSecretResponse.newBuilder().setDeviceId(rotated.account().deviceId())
                .setDeviceSecret(rotated.secret()).build());
    }

    @Override
    public void listRevokedTokens(marquee.users.v1.ListRevokedTokensRequest request,
                                  StreamObserver<marquee.users.v1.ListRevokedTokensResponse> response) {
        Auth.require(marquee.users.v1.Role.SERVICE);
        var out = marquee.users.v1.ListRevokedTokensResponse.newBuilder();
        accounts.revokedSince(Instant.now().minus(longestTokenLifetime).minusSeconds(60)).forEach((subject, notBefore) ->
                out.addRevoked(marquee.users.v1.RevokedTokens.newBuilder().setSubject(subject).setNotBefore(timestamp(notBefore))));
        reply(response, out.build());
    }

    @Override
    public void reportDeviceState(ReportDeviceStateRequest request, StreamObserver<DeviceState> response) {
        var caller = Auth.requireSignedIn();
        if (request.getAllocatedSeats() < 0 || request.getAllocatedSeats() > AllocatedSeats.MAX) {
            throw new marquee.platform.errors.InvalidArgumentException("allocated_seats must be 0 to " + AllocatedSeats.MAX
                    + ", got " + request.getAllocatedSeats());
        }
        Devices.Device stored = devices.report(caller, new Devices.Report(request.getDeviceId(), request.getState(),
                request.getPrinter(), request.getErrorCode(), request.getMessage(), request.getAppVersion()));
        if (request.getUnsyncedJournal() != 0 || request.hasOldestUnsyncedAt() || request.hasLastSyncAt()) {
            stored = devices.journal(stored, new Devices.Journal(request.getUnsyncedJournal(),
                    request.hasOldestUnsyncedAt() ? marquee.platform.grpc.ProtoTime.instant(request.getOldestUnsyncedAt()) : null,
                    request.hasLastSyncAt() ? marquee.platform.grpc.ProtoTime.instant(request.getLastSyncAt()) : null));
        }
        if (allocatedSeats == null) {
            reply(response, toProto(stored));
            return;
        }
        allocatedSeats.store(stored.deviceId(), request.getAllocatedSeats());
        reply(response, toProto(stored).toBuilder().setAllocatedSeats(request.getAllocatedSeats()).build());
    }

    @Override
    public void listDeviceStates(ListDeviceStatesRequest request, StreamObserver<ListDeviceStatesResponse> response) {
        var caller = Auth.requireSignedIn();
        ListDeviceStatesResponse.Builder out = ListDeviceStatesResponse.newBuilder()
                .setStaleAfter(com.google.protobuf.Duration.newBuilder().setSeconds(devices.staleAfter().toSeconds())
                        .setNanos(devices.staleAfter().toNanosPart()));
        java.util.Map<String, Integer> allocated = allocatedSeats == null ? java.util.Map.of() : allocatedSeats.all();
        for (Devices.Device device : devices.list(caller, request.getCinemaId())) {
            out.addDevices(toProto(device).toBuilder().setAllocatedSeats(allocated.getOrDefault(device.deviceId(), 0)));
        }
        reply(response, out.build());
    }

    private static DeviceState toProto(Devices.Device d) {
        DeviceState.Builder out = DeviceState.newBuilder().setDeviceId(d.deviceId()).setKind(d.kind()).setCinemaId(d.cinemaId().toString())
                .setState(d.state()).setPrinter(d.printer()).setErrorCode(d.errorCode()).setMessage(d.message())
                .setAppVersion(d.appVersion()).setReportedBy(d.reportedBy().toString())
                .setLastSeen(timestamp(d.lastSeen())).setStateSince(timestamp(d.stateSince())).setStale(d.stale());
        out.setUnsyncedJournal(d.journal().unsynced());
        if (d.journal().oldestUnsyncedAt() != null) out.setOldestUnsyncedAt(timestamp(d.journal().oldestUnsyncedAt()));
        if (d.journal().lastSyncAt() != null) out.setLastSyncAt(timestamp(d.journal().lastSyncAt()));
        return out.build();
    }

    @Override
    public void serviceLogin(marquee.users.v1.ServiceLoginRequest request, StreamObserver<LoginResponse> response) {
        var issued = services.signIn(request.getServiceName(), request.getServiceSecret());
        reply(response, LoginResponse.newBuilder().setAccessToken(issued.token()).setExpiresAt(timestamp(issued.expiresAt()))
                .setUser(User.newBuilder().setId("service:" + request.getServiceName())
                        .setDisplayName(request.getServiceName() + " service").setRole(marquee.users.v1.Role.SERVICE))
                .build());
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<User> response) {
        limits.register();
        reply(response, toProto(accounts.register(request.getEmail(), request.getPassword(), request.getDisplayName())));
    }

    @Override
    public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
        limits.signIn("email", request.getEmail());
        reply(response, toProto(accounts.login(request.getEmail(), request.getPassword())));
    }

    @Override
    public void staffLogin(StaffLoginRequest request, StreamObserver<LoginResponse> response) {
        limits.signIn("staff", request.getStaffLogin());
        reply(response, toProto(accounts.staffLogin(request.getStaffLogin(), request.getPin())));
    }

    @Override
    public void approveOverride(marquee.users.v1.ApproveOverrideRequest request,
                                StreamObserver<marquee.users.v1.OverrideApproval> response) {
        var caller = Auth.require(marquee.users.v1.Role.CASHIER, marquee.users.v1.Role.MANAGER);
        limits.signIn("staff", request.getManagerStaffLogin());
        var approved = accounts.approveOverride(caller, request.getManagerStaffLogin(), request.getPin(), request.getAction(),
                request.getSubject());
        reply(response, marquee.users.v1.OverrideApproval.newBuilder()
                .setApprovalToken(approved.token().token())
                .setExpiresAt(timestamp(approved.token().expiresAt()))
                .setApproverId(approved.account().id().toString())
                .setApproverName(approved.account().displayName())
                .build());
    }

    @Override
    public void deviceLogin(DeviceLoginRequest request, StreamObserver<LoginResponse> response) {
        limits.signIn("device", request.getDeviceId());
        reply(response, toProto(accounts.deviceLogin(request.getDeviceId(), request.getDeviceSecret())));
    }

    @Override
    public void getProfile(GetProfileRequest request, StreamObserver<User> response) {
        var caller = Auth.requireSignedIn();
        reply(response, toProto(accounts.get(caller, caller.userId())));
    }

    @Override
    public void getUser(GetUserRequest request, StreamObserver<User> response) {
        reply(response, toProto(accounts.get(Auth.requireSignedIn(), request.getUserId())));
    }

    @Override
    public void createUser(CreateUserRequest request, StreamObserver<User> response) {
        var creator = Auth.requireSignedIn();
        reply(response, toProto(accounts.create(creator, new Accounts.NewAccount(request.getEmail(), request.getPassword(),
                request.getDisplayName(), request.getRole(), request.getCinemaId(), request.getStaffLogin(),
                request.getPin(), request.getDeviceId()))));
    }

    @Override
    public void getSigningKey(GetSigningKeyRequest request, StreamObserver<SigningKey> response) {
        reply(response, SigningKey.newBuilder().setAlgorithm("EdDSA").setIssuer(TokenVerifier.ISSUER)
                .setPublicKeyBase64(accounts.publicKeyBase64()).build());
    }

    static User toProto(Account account) {
        return User.newBuilder()
                .setId(account.id().toString())
                .setEmail(account.email())
                .setDisplayName(account.displayName())
                .setRole(account.role())
                .setCinemaId(account.cinemaId() == null ? "" : account.cinemaId().toString())
                .setStaffLogin(account.staffLogin() == null ? "" : account.staffLogin())
                .setCreatedAt(timestamp(account.createdAt()))
                .setDisabled(account.disabled())
                .build();
    }

    private static LoginResponse toProto(Accounts.SignIn signIn) {
        return LoginResponse.newBuilder()
                .setAccessToken(signIn.token().token())
                .setExpiresAt(timestamp(signIn.token().expiresAt()))
                .setUser(toProto(signIn.account()))
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return ProtoTime.timestamp(instant);
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
