package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketRecord;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.DoorModel.TicketFacts;
import marquee.kiosk.model.DoorModel.Verdict;

/**
 * The door's own decision while the backend is away: the QR code's Ed25519 signature against the
 * cached verification key, then the synced state of the ticket (revoked, already used), the
 * door's showtime and opening time, and whether this door admitted it already. The QR format is
 * the tickets service's ({@code MQ1.<payload>.<signature>}, see its {@code QrCodec}): ticket and
 * showtime ids, start in epoch seconds, booking code and seat id. Tickets a till sold offline carry
 * {@code MQ2.<key_id>.<payload>.<signature>}: the same payload signed with that terminal's
 * registered key (synced with the other door data); a key id the door does not know is FORGED.
 */
public final class OfflineCheck {
    /** What a genuine code says. */
    public record Claims(UUID ticketId, UUID showtimeId, long startsAtEpochSecond, String bookingCode, String seatId) {}

    /** What the offline copy knows of a ticket (empty when it never synced it). */
    @FunctionalInterface
    public interface Lookup {
        Optional<TicketRecord> ticket(Claims claims);
    }

    private static final String PREFIX = "MQ1.";
    private static final String TERMINAL_PREFIX = "MQ2.";
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final PublicKey key;
    /** Registered terminal keys by key id. */
    private final java.util.Map<String, PublicKey> terminalKeys;

    public OfflineCheck(byte[] x509Key) {
        this(x509Key, java.util.Map.of());
    }

    /** The tickets service's key and the registered terminal keys (key id → X.509 DER). */
    public OfflineCheck(byte[] x509Key, java.util.Map<String, byte[]> terminalKeys) {
        this.key = publicKey(x509Key);
        java.util.Map<String, PublicKey> terminals = new java.util.HashMap<>();
        terminalKeys.forEach((id, der) -> terminals.put(id, publicKey(der)));
        this.terminalKeys = java.util.Map.copyOf(terminals);
    }

    private static PublicKey publicKey(byte[] x509Key) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509Key));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 verification key: " + e.getMessage(), e);
        }
    }

    /** The claims of a genuine code; empty for anything forged, altered or not a ticket. */
    public Optional<Claims> verify(String text) {
        if (text == null) return Optional.empty();
        PublicKey signer;
        String payloadPart;
        int dot;
        if (text.startsWith(PREFIX)) {
            signer = key;
            dot = text.indexOf('.', PREFIX.length());
            if (dot < 0 || text.indexOf('.', dot + 1) >= 0) return Optional.empty();
            payloadPart = text.substring(PREFIX.length(), dot);
        } else if (text.startsWith(TERMINAL_PREFIX)) {
            int keyEnd = text.indexOf('.', TERMINAL_PREFIX.length());
            if (keyEnd < 0) return Optional.empty();
            signer = terminalKeys.get(text.substring(TERMINAL_PREFIX.length(), keyEnd));
            dot = text.indexOf('.', keyEnd + 1);
            if (signer == null || dot < 0 || text.indexOf('.', dot + 1) >= 0) return Optional.empty();
            payloadPart = text.substring(keyEnd + 1, dot);
        } else {
            return Optional.empty();
        }
        String signed = text.substring(0, dot);
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(signer);
            verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
            String signaturePart = text.substring(dot + 1);
            byte[] signature = DECODER.decode(signaturePart);
            byte[] payloadBytes = DECODER.decode(payloadPart);
            // Only the one canonical spelling: base64's unused low bits of the last character would
            // otherwise let a changed character through with the same bytes.
            if (!ENCODER.encodeToString(signature).equals(signaturePart) || !ENCODER.encodeToString(payloadBytes).equals(payloadPart)) {
                return Optional.empty();
            }
            if (!verifier.verify(signature)) return Optional.empty();
            var claims = marquee.platform.auth.TerminalQr.parsePayload(payloadBytes);
            return Optional.of(new Claims(claims.ticketId(), claims.showtimeId(), claims.startsAtEpochSecond(), claims.bookingCode(),
                    claims.seatId()));
        } catch (IllegalArgumentException | BufferUnderflowException | GeneralSecurityException e) {
            // Not base64, a signature of the wrong length, a payload of the wrong shape: not a ticket.
            return Optional.empty();
        }
    }


    /**
     * The verdict before this door's own admissions are consulted (the journal does that when it
     * records the scan, in one transaction): FORGED, REVOKED, WRONG_SHOWTIME, ALREADY_USED (used
     * online before the outage), TOO_EARLY, or ADMIT.
     */
    public Verdict decide(String qr, Lookup lookup, String doorShowtimeId, Duration admitBefore, Instant now) {
        Optional<Claims> genuine = verify(qr == null ? "" : qr.strip());
        if (genuine.isEmpty()) return new Verdict(ScanResult.FORGED, null, null, true, "");
        Claims claims = genuine.get();
        Optional<TicketRecord> known = lookup.ticket(claims);
        TicketFacts facts = known.map(r -> new TicketFacts(claims.ticketId().toString(), r.ticket().filmTitle(), r.ticket().hallName(),
                        r.ticket().row() + r.ticket().number(), Instant.ofEpochSecond(claims.startsAtEpochSecond()), claims.showtimeId().toString()))
                .orElseGet(() -> new TicketFacts(claims.ticketId().toString(), "", "", claims.seatId(),
                        Instant.ofEpochSecond(claims.startsAtEpochSecond()), claims.showtimeId().toString()));
        if (known.isPresent() && known.get().state() == TicketState.REVOKED) {
            return new Verdict(ScanResult.REVOKED, facts, null, true, "");
        }
        if (doorShowtimeId != null && !doorShowtimeId.isBlank() && !doorShowtimeId.equalsIgnoreCase(facts.showtimeId())) {
            return new Verdict(ScanResult.WRONG_SHOWTIME, facts, null, true, "");
        }
        if (known.isPresent() && known.get().state() == TicketState.USED) {
            return new Verdict(ScanResult.ALREADY_USED, facts, known.get().usedAt(), true, "");
        }
        if (admitBefore != null && !admitBefore.isZero() && facts.startsAt().isAfter(now.plus(admitBefore))) {
            return new Verdict(ScanResult.TOO_EARLY, facts, null, true, "");
        }
        return new Verdict(ScanResult.ADMIT, facts, null, true, "");
    }
}
