package marquee.kiosk.model;

import java.time.Instant;
import java.time.ZoneId;

/** The door's own types, shared by its view-model, journal and backend port (no gRPC, no JavaFX). */
public final class DoorModel {
    private DoorModel() {}

    /** What the door knows about a scanned ticket; film and hall may be empty offline for a ticket it never synced. */
    public record TicketFacts(String ticketId, String film, String hall, String seat, Instant startsAt, String showtimeId) {}

    /** The answer to one scan. {@code ticket} is null for a forged code; {@code usedAt} only for ALREADY_USED. */
    public record Verdict(ScanResult result, TicketFacts ticket, Instant usedAt, boolean offline, String message) {}

    /** Who is signed in at the door, and the cinema it stands in. */
    public record DoorStaff(String login, String name, String cinemaId, String cinemaName, ZoneId zone) {}

    /** A showtime the door may be set to admit. */
    public record ShowtimeChoice(String id, String film, String hall, Instant startsAt) {}

    /** One journaled scan. */
    public record JournalEntry(long seq, String scanId, String qrPayload, String showtimeId, Instant scannedAt, ScanResult result,
                               boolean offline) {}

    /** What an upload did: entries the backend stored new (0 for a repeat), duplicate admissions found, the cinema's count today. */
    public record UploadResult(int uploaded, int duplicatesFound, long duplicatesToday) {}

    /** What the door tells the backend about its journal. */
    public record JournalStats(int unsynced, Instant oldestUnsynced, Instant lastSync) {}
}
