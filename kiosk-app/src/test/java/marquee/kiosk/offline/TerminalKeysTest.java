package marquee.kiosk.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import marquee.kiosk.door.OfflineCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The till's own signing key and its "MQ2" tickets, checked the way a door checks them offline. */
class TerminalKeysTest {
    @TempDir
    Path dir;

    private static final UUID TICKET = UUID.fromString("6f1c2a4e-0b9d-4c55-9a11-3e2f5d7c8b90");
    private static final UUID SHOWTIME = UUID.fromString("0c5e1f0a-7d3b-4e8a-b2c4-9f6a1d2e3b4c");
    private static final Instant START = Instant.parse("2026-11-29T19:30:00Z");

    @Test
    void theKeyIsMadeOnceKeptOwnerOnlyAndLoadedAgain() throws Exception {
        Path file = TerminalKeys.location(dir.resolve("data"), "till-1");
        TerminalKeys made = TerminalKeys.loadOrCreate(file);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(made.keyId()).hasSize(12).matches("[A-Za-z0-9_-]{12}");
        assertThat(made.registered()).isFalse();

        TerminalKeys again = TerminalKeys.loadOrCreate(file);
        assertThat(again.keyId()).isEqualTo(made.keyId());
        assertThat(again.publicKeyBase64()).isEqualTo(made.publicKeyBase64());
        again.markRegistered(again.keyId());
        assertThat(TerminalKeys.loadOrCreate(file).registered()).isTrue();
    }

    @Test
    void aDoorAcceptsTheTicketAndRefusesEveryChangedCharacter() throws Exception {
        TerminalKeys keys = TerminalKeys.loadOrCreate(dir.resolve("till.key"));
        String qr = keys.sign(TICKET, SHOWTIME, START, "ACDEFG34", "F12");
        assertThat(qr).startsWith("MQ2." + keys.keyId() + ".");
        assertThat(qr.split("\\.")).hasSize(4);

        byte[] backendKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        OfflineCheck door = new OfflineCheck(backendKey, Map.of(keys.keyId(), keys.publicKeyX509()));
        var claims = door.verify(qr).orElseThrow();
        assertThat(claims.ticketId()).isEqualTo(TICKET);
        assertThat(claims.showtimeId()).isEqualTo(SHOWTIME);
        assertThat(claims.startsAtEpochSecond()).isEqualTo(START.getEpochSecond());
        assertThat(claims.bookingCode()).isEqualTo("ACDEFG34");
        assertThat(claims.seatId()).isEqualTo("F12");

        // Any changed character, in the key id, the payload or the signature: refused.
        for (int i = 4; i < qr.length(); i++) {
            if (qr.charAt(i) == '.') continue;
            char changed = qr.charAt(i) == 'A' ? 'B' : 'A';
            String forged = qr.substring(0, i) + changed + qr.substring(i + 1);
            assertThat(door.verify(forged)).as("changed at %d: %s", i, forged).isEmpty();
        }
        // The signature's last character carries 4 unused bits: a character differing only there decodes to the
        // same bytes, and is still refused (only the canonical spelling is a ticket).
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = qr.charAt(qr.length() - 1);
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) ^ 0b0001);
        assertThat(java.util.Base64.getUrlDecoder().decode(qr.substring(qr.lastIndexOf('.') + 1, qr.length() - 1) + sameBytes))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(qr.substring(qr.lastIndexOf('.') + 1)));
        assertThat(door.verify(qr.substring(0, qr.length() - 1) + sameBytes)).isEmpty();

        // A door that does not know the till's key refuses its tickets; so does the service's own key.
        assertThat(new OfflineCheck(backendKey).verify(qr)).isEmpty();
        assertThat(new OfflineCheck(backendKey, Map.of(keys.keyId(), backendKey)).verify(qr)).isEmpty();
        // An "MQ2" text re-labelled "MQ1" is not a ticket either.
        assertThat(door.verify("MQ1." + qr.substring(4))).isEmpty();
    }

    @Test
    void theKeyIdIsTheFirstNineBytesOfTheSha256OfTheX509Key() throws Exception {
        TerminalKeys keys = TerminalKeys.loadOrCreate(dir.resolve("till.key"));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(keys.publicKeyX509());
        assertThat(keys.keyId()).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(digest, 9)));
    }

    @Test
    void bookingCodesAreEightCharactersOfTheBookingCodeAlphabet() {
        for (int i = 0; i < 1000; i++) assertThat(BookingCodes.next()).matches("[ACDEFGHJKMNPQRTUVWXY34679]{8}");
    }
}
