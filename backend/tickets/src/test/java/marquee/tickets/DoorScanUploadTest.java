package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.Booking;
import marquee.tickets.v1.DoorScan;
import marquee.tickets.v1.DoorScanOutcome;
import marquee.tickets.v1.RevokeTicketsRequest;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.UploadDoorScansRequest;
import marquee.tickets.v1.UploadDoorScansResponse;
import marquee.tickets.v1.VerificationResult;
import marquee.tickets.v1.VerifyTicketRequest;
import marquee.users.v1.Role;
import org.junit.jupiter.api.Test;

class DoorScanUploadTest {
    private final Fixture fixture = Fixture.shared();

    private String door(String cinema) {
        return fixture.backend.tokens().token(Role.DOOR, UUID.randomUUID().toString(), cinema);
    }

    private static DoorScan admitted(Ticket ticket, boolean offline) {
        return DoorScan.newBuilder().setScanId(UUID.randomUUID().toString()).setQrPayload(ticket.getQrPayload())
                .setScannedAt(ProtoTime.timestamp(Instant.now())).setResult(VerificationResult.ACCEPTED).setOffline(offline).build();
    }

    private UploadDoorScansResponse upload(String token, String device, DoorScan... scans) {
        return fixture.tickets(token).uploadDoorScans(UploadDoorScansRequest.newBuilder().setDeviceId(device)
                .addAllScans(List.of(scans)).build());
    }

    @Test
    void anUploadedJournalUploadedAgainStoresNothingTwiceAndAnswersTheSameReceipts() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "A1", "A2");
        List<Ticket> tickets = fixture.issue(booking).getTicketsList();
        String token = door(cinema);
        DoorScan first = admitted(tickets.get(0), true);
        DoorScan second = admitted(tickets.get(1), true);

        UploadDoorScansResponse once = upload(token, "door-a", first, second);
        UploadDoorScansResponse again = upload(token, "door-a", first, second);

        assertThat(once.getNewScans()).isEqualTo(2);
        assertThat(once.getReceiptsList()).extracting(r -> r.getOutcome()).containsOnly(DoorScanOutcome.ADMITTED);
        assertThat(again.getNewScans()).isZero();
        assertThat(again.getReceiptsList()).isEqualTo(once.getReceiptsList());
        assertThat(fixture.backend.count("SELECT count(*) FROM tickets.door_scan WHERE cinema_id = '" + cinema + "'")).isEqualTo(2);
        assertThat(fixture.count("booking_id = '" + booking.getId() + "' AND status = 'USED'")).isEqualTo(2);
        assertThat(once.getDuplicatesToday()).isZero();
    }

    @Test
    void aTicketAdmittedAtTwoDoorsDuringAnOutageIsADuplicateNamingTheFirstDoor() throws Exception {
        String cinema = Fixture.newCinema();
        Ticket ticket = fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "B1")).getTickets(0);
        String token = door(cinema);

        UploadDoorScansResponse a = upload(token, "door-a", admitted(ticket, true));
        UploadDoorScansResponse b = upload(token, "door-b", admitted(ticket, true));

        assertThat(a.getReceipts(0).getOutcome()).isEqualTo(DoorScanOutcome.ADMITTED);
        assertThat(b.getReceipts(0).getOutcome()).isEqualTo(DoorScanOutcome.DUPLICATE_ADMISSION);
        assertThat(b.getReceipts(0).getFirstDeviceId()).isEqualTo("door-a");
        assertThat(b.getDuplicatesToday()).isEqualTo(1);
        assertThat(metric("marquee_door_duplicate_admissions_total")).isGreaterThanOrEqualTo(1);
        // Sent again (a retry): the same receipt, not a second duplicate.
        double counted = metric("marquee_door_duplicate_admissions_total");
        assertThat(upload(token, "door-b", admitted(ticket, true).toBuilder().setScanId(b.getReceipts(0).getScanId()).build())
                .getReceipts(0).getOutcome()).isEqualTo(DoorScanOutcome.DUPLICATE_ADMISSION);
        assertThat(metric("marquee_door_duplicate_admissions_total")).isEqualTo(counted);
    }

    private double metric(String series) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + fixture.backend.runtime().metricsPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is not on /metrics"));
    }

    @Test
    void theDoorsOwnOnlineAdmissionUploadedAgainAsOfflineIsNoDuplicateButAnotherDoorsIs() {
        String cinema = Fixture.newCinema();
        Ticket ticket = fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "C1")).getTickets(0);
        String token = door(cinema);
        var online = fixture.tickets(token).checkIn(VerifyTicketRequest.newBuilder().setQrPayload(ticket.getQrPayload())
                .setDeviceId("door-a").build());
        assertThat(online.getResult()).isEqualTo(VerificationResult.ACCEPTED);

        // door-a never got the answer, went offline and admitted the ticket itself.
        assertThat(upload(token, "door-a", admitted(ticket, true)).getReceipts(0).getOutcome()).isEqualTo(DoorScanOutcome.ADMITTED);
        assertThat(upload(token, "door-b", admitted(ticket, true)).getReceipts(0).getOutcome())
                .isEqualTo(DoorScanOutcome.DUPLICATE_ADMISSION);
    }

    @Test
    void anOfflineAdmissionOfARevokedTicketIsReportedAndAForgedCodeChecksNothingIn() {
        String cinema = Fixture.newCinema();
        Booking booking = fixture.booking(cinema, BOOKING_CONFIRMED, "D1");
        Ticket ticket = fixture.issue(booking).getTickets(0);
        fixture.tickets(fixture.service()).revokeTickets(RevokeTicketsRequest.newBuilder().setBookingId(booking.getId())
                .setReason("refunded").build());
        String forged = ticket.getQrPayload().substring(0, ticket.getQrPayload().length() - 3) + "AAA";

        UploadDoorScansResponse response = upload(door(cinema), "door-a", admitted(ticket, true),
                admitted(ticket, true).toBuilder().setQrPayload(forged).build());

        assertThat(response.getReceipts(0).getOutcome()).isEqualTo(DoorScanOutcome.ADMITTED_AFTER_REVOCATION);
        assertThat(response.getReceipts(1).getOutcome()).isEqualTo(DoorScanOutcome.NOT_A_TICKET);
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'REVOKED'")).isEqualTo(1);
    }

    @Test
    void doorStaffCheckInTooEarlyIsRefusedAndNothingElseIsAllowed() {
        String cinema = Fixture.newCinema();
        Ticket ticket = fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "E1")).getTickets(0);
        String token = door(cinema);
        // The show starts in two hours; this door admits from 30 minutes before.
        var early = fixture.tickets(token).checkIn(VerifyTicketRequest.newBuilder().setQrPayload(ticket.getQrPayload())
                .setAdmitMinutesBefore(30).build());
        assertThat(early.getResult()).isEqualTo(VerificationResult.TOO_EARLY);
        assertThat(fixture.count("id = '" + ticket.getId() + "' AND status = 'VALID'")).isEqualTo(1);

        assertThatThrownBy(() -> fixture.tickets(token).revokeTickets(RevokeTicketsRequest.newBuilder()
                .setBookingId(UUID.randomUUID().toString()).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        // Door staff do nothing else, even where an RPC's own check would let any signed-in caller in.
        assertThatThrownBy(() -> fixture.tickets(token).getTickets(marquee.tickets.v1.GetTicketsRequest.newBuilder()
                .setBookingCode("T00001").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).contains("door staff only check tickets in");
                });
        assertThatThrownBy(() -> fixture.tickets(fixture.kiosk(cinema)).uploadDoorScans(UploadDoorScansRequest.newBuilder()
                .setDeviceId("door-a").addScans(admitted(ticket, true)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void aThousandScansUploadInOneCallAndBadInputIsInvalidArgument() {
        String cinema = Fixture.newCinema();
        Ticket ticket = fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "F1")).getTickets(0);
        String token = door(cinema);
        List<DoorScan> scans = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            scans.add(admitted(ticket, false).toBuilder().setResult(VerificationResult.ALREADY_USED).build());
        }
        UploadDoorScansResponse response = upload(token, "door-a", scans.toArray(DoorScan[]::new));
        assertThat(response.getNewScans()).isEqualTo(1000);
        assertThat(response.getReceiptsList()).extracting(r -> r.getOutcome()).containsOnly(DoorScanOutcome.RECORDED);

        scans.add(admitted(ticket, true));
        assertThatThrownBy(() -> upload(token, "door-a", scans.toArray(DoorScan[]::new)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> upload(token, "door-a", admitted(ticket, true).toBuilder().setScanId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
