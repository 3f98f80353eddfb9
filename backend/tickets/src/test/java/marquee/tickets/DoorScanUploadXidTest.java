package marquee.tickets;

import static marquee.reservations.v1.BookingStatus.BOOKING_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import marquee.platform.grpc.ProtoTime;
import marquee.tickets.v1.DoorScan;
import marquee.tickets.v1.Ticket;
import marquee.tickets.v1.UploadDoorScansRequest;
import marquee.tickets.v1.UploadDoorScansResponse;
import marquee.tickets.v1.VerificationResult;
import marquee.users.v1.Role;
import org.junit.jupiter.api.Test;

/**
 * A door journal of 1000 scans is stored in short transactions: since the V10 watermarks a
 * transaction id held for the whole journal (seconds) would hold back every seat map and ticket
 * feed on the server. Before: one transaction id open for the whole upload.
 */
class DoorScanUploadXidTest {
    private final Fixture fixture = Fixture.shared();

    @Test
    void aThousandScanJournalHoldsNoTransactionIdForLong() throws Exception {
        String cinema = Fixture.newCinema();
        Ticket ticket = fixture.issue(fixture.booking(cinema, BOOKING_CONFIRMED, "G1")).getTickets(0);
        String token = fixture.backend.tokens().token(Role.DOOR, UUID.randomUUID().toString(), cinema);
        List<DoorScan> scans = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            scans.add(DoorScan.newBuilder().setScanId(UUID.randomUUID().toString()).setQrPayload(ticket.getQrPayload())
                    .setScannedAt(ProtoTime.timestamp(Instant.now())).setResult(VerificationResult.ALREADY_USED).build());
        }
        Map<String, long[]> seen = new TreeMap<>();
        long start = System.nanoTime();
        CompletableFuture<UploadDoorScansResponse> upload = CompletableFuture.supplyAsync(() -> fixture.tickets(token)
                .uploadDoorScans(UploadDoorScansRequest.newBuilder().setDeviceId("door-x").addAllScans(scans).build()));
        try (Connection c = DriverManager.getConnection(fixture.backend.jdbcUrl(), "postgres", "")) {
            while (!upload.isDone()) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT backend_xid::text FROM pg_stat_activity"
                        + " WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()")) {
                    long now = System.nanoTime();
                    while (rs.next()) seen.computeIfAbsent(rs.getString(1), k -> new long[] {now, now})[1] = now;
                }
                Thread.sleep(5);
            }
        }
        assertThat(upload.get().getNewScans()).isEqualTo(1000);
        long uploadMs = (System.nanoTime() - start) / 1_000_000;
        Map<String, Long> heldMs = new TreeMap<>();
        seen.forEach((xid, t) -> heldMs.put(xid, (t[1] - t[0]) / 1_000_000));
        org.slf4j.LoggerFactory.getLogger(DoorScanUploadXidTest.class).info("1000-scan upload took {} ms; longest transaction id seen"
                + " open: {} ms ({} ids)", uploadMs, heldMs.values().stream().mapToLong(Long::longValue).max().orElse(0), heldMs.size());
        assertThat(heldMs.values()).as("ms each transaction id was seen open during a %d ms upload: %s", uploadMs, heldMs)
                .allSatisfy(ms -> assertThat(ms).isLessThan(250));
    }
}
