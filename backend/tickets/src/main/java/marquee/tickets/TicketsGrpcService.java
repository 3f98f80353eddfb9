package marquee.tickets;

import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import marquee.common.v1.Money;
import marquee.platform.auth.Auth;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.grpc.ProtoTime;
import marquee.tickets.v1.GetTicketsRequest;
import marquee.tickets.v1.GetVerificationKeyRequest;
import marquee.tickets.v1.IssueTicketsRequest;
import marquee.tickets.v1.ListTicketsForSyncRequest;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.TicketList;
import marquee.tickets.v1.TicketStatus;
import marquee.tickets.v1.TicketSyncPage;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.tickets.v1.Verification;
import marquee.tickets.v1.VerificationKey;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;

/** Maps the tickets contract onto {@link Tickets}; no rules live here. */
final class TicketsGrpcService extends TicketsServiceGrpc.TicketsServiceImplBase {
    private final Tickets tickets;
    private final DoorScans doorScans;

    TicketsGrpcService(Tickets tickets, DoorScans doorScans) {
        this.tickets = tickets;
        this.doorScans = doorScans;
    }

    @Override
    public void issueTickets(IssueTicketsRequest request, StreamObserver<TicketList> response) {
        var caller = Auth.requireSignedIn();
        if (request.getOfflineTicketsCount() > 0) {
            if (!request.hasBooking()) throw new marquee.platform.errors.InvalidArgumentException("offline_tickets need the booking");
            BookingInfo booking;
            try {
                booking = GrpcBookings.toInfo(request.getBooking());
            } catch (IllegalArgumentException e) {
                throw new marquee.platform.errors.InvalidArgumentException("booking: " + e.getMessage());
            }
            reply(response, list(tickets.terminalKeys().issue(caller, booking, request.getOfflineTicketsList(),
                    request.getOfflineDeviceId())));
            return;
        }
        if (request.hasBooking()) {
            reply(response, list(tickets.issueWithBooking(caller, request.getBookingId(), () -> GrpcBookings.toInfo(request.getBooking()))));
            return;
        }
        reply(response, list(tickets.issue(caller, request.getBookingId())));
    }

    @Override
    public void getTickets(GetTicketsRequest request, StreamObserver<TicketList> response) {
        reply(response, list(tickets.byCode(Auth.requireSignedIn(), request.getBookingCode())));
    }

    @Override
    public void verifyTicket(VerifyTicketRequest request, StreamObserver<Verification> response) {
        reply(response, toProto(tickets.scan(Auth.requireSignedIn(), request.getQrPayload(), request.getShowtimeId(), false)));
    }

    @Override
    public void checkIn(VerifyTicketRequest request, StreamObserver<Verification> response) {
        Tickets.Verification verification = tickets.scan(Auth.requireSignedIn(), request.getQrPayload(), request.getShowtimeId(),
                true, request.getAdmitMinutesBefore());
        if (verification.outcome() == Tickets.Outcome.ACCEPTED) {
            if (TerminalKeys.NO_BOOKING.equals(verification.ticket().bookingId())) {
                tickets.terminalKeys().rememberDoor(verification.ticket().id(), request.getDeviceId()); // sold offline, not uploaded
            } else {
                doorScans.admittedOnline(verification.ticket(), request.getDeviceId());
            }
        }
        reply(response, toProto(verification));
    }

    @Override
    public void uploadDoorScans(marquee.tickets.v1.UploadDoorScansRequest request,
                                StreamObserver<marquee.tickets.v1.UploadDoorScansResponse> response) {
        var scans = request.getScansList().stream().map(s -> new DoorScans.Scan(DoorScans.scanId(s.getScanId()), s.getQrPayload(),
                s.getShowtimeId().isBlank() ? null : marquee.platform.errors.Check.uuid("showtime_id", s.getShowtimeId()),
                s.hasScannedAt() ? ProtoTime.instant(s.getScannedAt()) : null,
                s.getResult() == VerificationResult.VERIFICATION_RESULT_UNSPECIFIED ? "" : s.getResult().name(), s.getOffline()))
                .toList();
        DoorScans.Upload upload = doorScans.upload(Auth.requireSignedIn(), request.getDeviceId(), scans);
        var out = marquee.tickets.v1.UploadDoorScansResponse.newBuilder()
                .setNewScans(upload.newScans())
                .setDuplicatesToday(upload.duplicatesToday());
        for (DoorScans.Receipt r : upload.receipts()) {
            var receipt = marquee.tickets.v1.DoorScanReceipt.newBuilder()
                    .setScanId(r.scanId().toString())
                    .setOutcome(marquee.tickets.v1.DoorScanOutcome.valueOf(r.outcome().name()))
                    .setTicketId(r.ticketId() == null ? "" : r.ticketId().toString())
                    .setFirstDeviceId(r.firstDeviceId());
            if (r.firstAdmittedAt() != null) receipt.setFirstAdmittedAt(timestamp(r.firstAdmittedAt()));
            out.addReceipts(receipt);
        }
        reply(response, out.build());
    }

    @Override
    public void revokeTickets(RevokeTicketsRequest request, StreamObserver<TicketList> response) {
        reply(response, list(tickets.revoke(Auth.requireSignedIn(), request.getBookingId(), request.getReason())));
    }

    @Override
    public void listTicketsForSync(ListTicketsForSyncRequest request, StreamObserver<TicketSyncPage> response) {
        Tickets.SyncPage page = tickets.changes(Auth.requireSignedIn(), request.getCinemaId(), request.getCursor(),
                request.getLimit());
        reply(response, TicketSyncPage.newBuilder()
                .addAllTickets(page.tickets().stream().map(this::toProto).toList())
                .setNextCursor(page.nextCursor())
                .setHasMore(page.hasMore())
                .build());
    }

    @Override
    public void reprintTickets(marquee.tickets.v1.ReprintTicketsRequest request, StreamObserver<TicketList> response) {
        var reprinted = tickets.reprint(Auth.requireSignedIn(), request.getBookingCode(), request.getTicketIdsList(),
                request.getReason(), request.getApprovalToken(), request.getIdempotencyKey());
        reply(response, TicketList.newBuilder()
                .addAllTickets(reprinted.stream().map(t -> toProto(t).toBuilder().setDuplicate(true).build()).toList())
                .build());
    }

    @Override
    public void printTickets(marquee.tickets.v1.PrintTicketsRequest request, StreamObserver<TicketList> response) {
        Tickets.Print print = tickets.print(Auth.requireSignedIn(), request.getBookingCode(), request.getIdempotencyKey());
        reply(response, TicketList.newBuilder()
                .addAllTickets(print.tickets().stream().map(t -> toProto(t).toBuilder().setDuplicate(print.duplicate()).build()).toList())
                .build());
    }

    @Override
    public void getVerificationKey(GetVerificationKeyRequest request, StreamObserver<VerificationKey> response) {
        reply(response, VerificationKey.newBuilder()
                .setAlgorithm("Ed25519")
                .setPublicKeyBase64(Ed25519Keys.encode(tickets.verificationKey().getEncoded()))
                .addAllTerminalKeys(tickets.terminalKeys() == null ? List.of() : tickets.terminalKeys().list(request.getCinemaId()))
                .build());
    }

    @Override
    public void registerTerminalKey(marquee.tickets.v1.RegisterTerminalKeyRequest request,
                                    StreamObserver<marquee.tickets.v1.TerminalKey> response) {
        reply(response, tickets.terminalKeys().register(Auth.requireSignedIn(), request.getDeviceId(), request.getPublicKeyBase64()));
    }

    private TicketList list(List<Ticket> found) {
        return TicketList.newBuilder().addAllTickets(found.stream().map(this::toProto).toList()).build();
    }

    private Verification toProto(Tickets.Verification verification) {
        Verification.Builder out = Verification.newBuilder()
                .setResult(VerificationResult.valueOf(verification.outcome().name()))
                .setMessage(verification.message());
        if (verification.ticket() != null) {
            out.setTicket(toProto(verification.ticket()));
            if (verification.outcome() == Tickets.Outcome.ALREADY_USED) out.setUsedAt(timestamp(verification.ticket().usedAt()));
        }
        return out.build();
    }

    private marquee.tickets.v1.Ticket toProto(Ticket ticket) {
        var out = marquee.tickets.v1.Ticket.newBuilder()
                .setId(ticket.id().toString())
                .setBookingId(ticket.bookingId().toString())
                .setBookingCode(ticket.bookingCode())
                .setCinemaId(ticket.cinemaId().toString())
                .setShowtimeId(ticket.showtimeId().toString())
                .setMovieTitle(ticket.movieTitle())
                .setHallName(ticket.hallName())
                .setSeatId(ticket.seatId())
                .setRow(ticket.row())
                .setNumber(ticket.number())
                .setCategory(ticket.category())
                .setTicketType(ticket.ticketType())
                .setPrice(Money.newBuilder().setAmountMinor(ticket.priceMinor()).setCurrency(ticket.currency()))
                .setStartsAt(timestamp(ticket.startsAt()))
                .setQrPayload(tickets.qrPayload(ticket))
                .setStatus(TicketStatus.valueOf(ticket.status().name()))
                .setIssuedAt(timestamp(ticket.issuedAt()))
                .setReprintCount(ticket.reprintCount());
        if (ticket.usedAt() != null) out.setUsedAt(timestamp(ticket.usedAt()));
        return out.build();
    }

    private static com.google.protobuf.Timestamp timestamp(Instant instant) {
        return ProtoTime.timestamp(instant);
    }

    private static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
