package marquee.kiosk.backend;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketSyncPage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.backend.BackendException;
import marquee.kiosk.backend.BackendUnavailableException;
import marquee.kiosk.backend.RejectedException;
import marquee.kiosk.model.DoorModel.DoorStaff;
import marquee.kiosk.model.DoorModel.JournalEntry;
import marquee.kiosk.model.DoorModel.JournalStats;
import marquee.kiosk.model.DoorModel.ShowtimeChoice;
import marquee.kiosk.model.DoorModel.TicketFacts;
import marquee.kiosk.model.DoorModel.UploadResult;
import marquee.kiosk.model.DoorModel.Verdict;
import marquee.movies.v1.ListShowtimesRequest;
import marquee.movies.v1.MoviesServiceGrpc;
import marquee.platform.auth.BearerToken;
import marquee.platform.config.Config;
import marquee.platform.grpc.Channels;
import marquee.platform.grpc.ProtoTime;
import marquee.theaters.v1.GetCinemaRequest;
import marquee.theaters.v1.TheatersServiceGrpc;
import marquee.tickets.v1.DoorScan;
import marquee.tickets.v1.DoorScanOutcome;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.tickets.v1.UploadDoorScansRequest;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;
import marquee.users.v1.LoginResponse;
import marquee.users.v1.StaffLoginRequest;
import marquee.users.v1.UsersServiceGrpc;

/**
 * {@link DoorBackend} over gRPC, on a channel of its own. Every call has a deadline; a check-in
 * a short one, so a door whose backend stops answering decides offline within a moment.
 */
public final class GrpcDoorClient implements DoorBackend {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ManagedChannel channel;
    private final Duration checkInDeadline;
    private volatile BearerToken token;
    private volatile Supplier<LoginResponse> login;

    public GrpcDoorClient(String target, Config config, Duration checkInDeadline) {
        this.channel = Channels.build(config, target);
        this.checkInDeadline = checkInDeadline;
    }

    @Override
    public DoorStaff signIn(String staffLogin, String pin) {
        Supplier<LoginResponse> how = () -> UsersServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .staffLogin(StaffLoginRequest.newBuilder().setStaffLogin(staffLogin).setPin(pin).build());
        LoginResponse response = mapped(how);
        token = new BearerToken(response.getAccessToken());
        login = how;
        var user = response.getUser();
        var cinema = call(TheatersServiceGrpc::newBlockingStub, DEADLINE,
                stub -> stub.getCinema(GetCinemaRequest.newBuilder().setCinemaId(user.getCinemaId()).build()));
        return new DoorStaff(user.getStaffLogin(), user.getDisplayName(), user.getCinemaId(), cinema.getName(),
                ZoneId.of(cinema.getTimeZone()));
    }

    @Override
    public void signOut() {
        login = null;
        token = null;
    }

    @Override
    public Verdict checkIn(String qrPayload, String showtimeId, int admitMinutesBefore, String deviceId) {
        var request = VerifyTicketRequest.newBuilder().setQrPayload(qrPayload).setShowtimeId(showtimeId == null ? "" : showtimeId)
                .setAdmitMinutesBefore(admitMinutesBefore).setDeviceId(deviceId).build();
        var v = call(TicketsServiceGrpc::newBlockingStub, checkInDeadline, stub -> stub.checkIn(request));
        ScanResult result = switch (v.getResult()) {
            case ACCEPTED -> ScanResult.ADMIT;
            case ALREADY_USED -> ScanResult.ALREADY_USED;
            case REVOKED_TICKET -> ScanResult.REVOKED;
            case WRONG_SHOW -> ScanResult.WRONG_SHOWTIME;
            case TOO_EARLY -> ScanResult.TOO_EARLY;
            default -> ScanResult.FORGED;
        };
        TicketFacts facts = v.hasTicket() && !v.getTicket().getId().isEmpty() ? facts(v.getTicket()) : null;
        return new Verdict(result, facts, v.hasUsedAt() ? ProtoTime.instant(v.getUsedAt()) : null, false, v.getMessage());
    }

    private static TicketFacts facts(Ticket t) {
        return new TicketFacts(t.getId(), t.getMovieTitle(), t.getHallName(), t.getRow() + t.getNumber(),
                ProtoTime.instant(t.getStartsAt()), t.getShowtimeId());
    }

    @Override
    public byte[] verificationKey() {
        var key = call(TicketsServiceGrpc::newBlockingStub, DEADLINE,
                stub -> stub.getVerificationKey(marquee.tickets.v1.GetVerificationKeyRequest.getDefaultInstance()));
        return java.util.Base64.getDecoder().decode(key.getPublicKeyBase64());
    }

    @Override
    public marquee.kiosk.model.OfflineModel.VerificationKeys verificationKeys(String cinemaId) {
        var key = call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.getVerificationKey(
                marquee.tickets.v1.GetVerificationKeyRequest.newBuilder().setCinemaId(cinemaId == null ? "" : cinemaId).build()));
        java.util.Map<String, byte[]> terminals = new java.util.LinkedHashMap<>();
        for (var terminal : key.getTerminalKeysList()) {
            terminals.put(terminal.getKeyId(), java.util.Base64.getDecoder().decode(terminal.getPublicKeyBase64()));
        }
        return new marquee.kiosk.model.OfflineModel.VerificationKeys(java.util.Base64.getDecoder().decode(key.getPublicKeyBase64()),
                terminals);
    }

    @Override
    public TicketSyncPage syncPage(String cinemaId, String cursor, int limit) {
        var request = marquee.tickets.v1.ListTicketsForSyncRequest.newBuilder().setCinemaId(cinemaId)
                .setCursor(cursor == null ? "" : cursor).setLimit(limit).build();
        var page = call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.listTicketsForSync(request));
        return new TicketSyncPage(page.getTicketsList().stream().map(GrpcDoorClient::record).toList(),
                page.getNextCursor(), page.getHasMore());
    }

    private static TicketRecord record(Ticket t) {
        TicketState state = switch (t.getStatus()) {
            case USED -> TicketState.USED;
            case REVOKED -> TicketState.REVOKED;
            default -> TicketState.VALID;
        };
        var info = new TicketInfo(t.getId(), t.getBookingCode(), t.getSeatId(), t.getRow(), t.getNumber(),
                enumOr(SeatCategory.class, t.getCategory().name(), SeatCategory.STANDARD),
                enumOr(TicketType.class, t.getTicketType().name(), TicketType.ADULT),
                new Money(t.getPrice().getAmountMinor(), t.getPrice().getCurrency()), t.getQrPayload(),
                t.getMovieTitle(), t.getHallName(), ProtoTime.instant(t.getStartsAt()));
        return new TicketRecord(info, t.getBookingId(), t.getCinemaId(), t.getShowtimeId(), state,
                t.hasIssuedAt() ? ProtoTime.instant(t.getIssuedAt()) : null, t.hasUsedAt() ? ProtoTime.instant(t.getUsedAt()) : null,
                t.getReprintCount());
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    @Override
    public UploadResult upload(String deviceId, List<JournalEntry> entries) {
        var request = UploadDoorScansRequest.newBuilder().setDeviceId(deviceId);
        for (JournalEntry e : entries) {
            request.addScans(DoorScan.newBuilder().setScanId(e.scanId()).setQrPayload(e.qrPayload())
                    .setShowtimeId(e.showtimeId() == null ? "" : e.showtimeId()).setScannedAt(ProtoTime.timestamp(e.scannedAt()))
                    .setResult(proto(e.result())).setOffline(e.offline()));
        }
        var response = call(TicketsServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.uploadDoorScans(request.build()));
        int duplicates = (int) response.getReceiptsList().stream()
                .filter(r -> r.getOutcome() == DoorScanOutcome.DUPLICATE_ADMISSION).count();
        return new UploadResult(response.getNewScans(), duplicates, response.getDuplicatesToday());
    }

    private static VerificationResult proto(ScanResult result) {
        return switch (result) {
            case ADMIT -> VerificationResult.ACCEPTED;
            case ALREADY_USED -> VerificationResult.ALREADY_USED;
            case REVOKED -> VerificationResult.REVOKED_TICKET;
            case WRONG_SHOWTIME -> VerificationResult.WRONG_SHOW;
            case TOO_EARLY -> VerificationResult.TOO_EARLY;
            case FORGED -> VerificationResult.FORGED;
        };
    }

    @Override
    public void report(String deviceId, boolean inService, JournalStats journal) {
        var request = marquee.users.v1.ReportDeviceStateRequest.newBuilder().setDeviceId(deviceId)
                .setState(inService ? marquee.users.v1.DeviceOperatingState.IN_SERVICE
                        : marquee.users.v1.DeviceOperatingState.OFFLINE_SYNCING)
                .setPrinter(marquee.users.v1.PrinterState.PRINTER_UNKNOWN)
                .setUnsyncedJournal(journal.unsynced());
        if (journal.oldestUnsynced() != null) request.setOldestUnsyncedAt(ProtoTime.timestamp(journal.oldestUnsynced()));
        if (journal.lastSync() != null) request.setLastSyncAt(ProtoTime.timestamp(journal.lastSync()));
        call(UsersServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.reportDeviceState(request.build()));
    }

    @Override
    public List<ShowtimeChoice> showtimesToday(DoorStaff staff) {
        var request = ListShowtimesRequest.newBuilder().setCinemaId(staff.cinemaId())
                .setDate(LocalDate.now(staff.zone()).toString()).setDays(1).build();
        List<ShowtimeChoice> out = new ArrayList<>();
        for (var s : call(MoviesServiceGrpc::newBlockingStub, DEADLINE, stub -> stub.listShowtimes(request)).getShowtimesList()) {
            out.add(new ShowtimeChoice(s.getId(), s.getMovieTitle(), s.getHallName(), ProtoTime.instant(s.getStartsAt())));
        }
        return out;
    }

    @Override
    public void reconnectNow() {
        channel.resetConnectBackoff();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private <S extends AbstractStub<S>, R> R call(Function<io.grpc.Channel, S> newStub, Duration deadline, Function<S, R> rpc) {
        try {
            return rpc.apply(stub(newStub, deadline));
        } catch (StatusRuntimeException e) {
            Supplier<LoginResponse> how = login;
            if (e.getStatus().getCode() != Status.Code.UNAUTHENTICATED || how == null) throw translate(e);
            // A staff token runs out after a long shift: sign in again with the same login once.
            token = new BearerToken(mapped(how).getAccessToken());
            return mapped(() -> rpc.apply(stub(newStub, deadline)));
        }
    }

    private <S extends AbstractStub<S>> S stub(Function<io.grpc.Channel, S> newStub, Duration deadline) {
        S stub = newStub.apply(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        BearerToken current = token;
        return current == null ? stub : stub.withCallCredentials(current);
    }

    private static <R> R mapped(Supplier<R> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    private static BackendException translate(StatusRuntimeException error) {
        Status status = error.getStatus();
        String message = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new BackendUnavailableException(message, error);
            case INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION, UNAUTHENTICATED, RESOURCE_EXHAUSTED ->
                    new RejectedException(message, error);
            default -> new BackendException(message, error);
        };
    }
}
