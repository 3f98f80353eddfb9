package marquee.kiosk.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import marquee.kiosk.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's own ticket-signing key: an Ed25519 key pair made on the terminal at its first
 * start, the private key kept in a file only the app's user may read
 * ({@code terminal-<station>.key} in the data directory), the public key registered with the
 * tickets service ({@code RegisterTerminalKey}) so every door accepts the tickets it signs.
 *
 * <p>Tickets sold offline carry {@code MQ2.<key_id>.<payload>.<signature>} (the contract's
 * {@code TerminalKey}): the payload exactly as in "MQ1" (ticket id and showtime id 16 bytes each,
 * start as epoch seconds in 8 bytes big-endian, booking code and seat id each a one-byte length
 * then UTF-8), base64url without padding; the Ed25519 signature over the ASCII text
 * {@code MQ2.<key_id>.<payload>}; key_id the base64url of the first 9 bytes of SHA-256 over the
 * public key's X.509 DER (12 characters).
 */
public final class TerminalKeys {
    private static final Logger log = LoggerFactory.getLogger(TerminalKeys.class);

    private final Path file;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private TerminalKeys(Path file, KeyPair pair) {
        this.file = file;
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = keyId(publicKey.getEncoded());
    }

    /** The key file of a station in a data directory. */
    public static Path location(Path dataDir, String stationId) {
        return dataDir.resolve("terminal-" + stationId + ".key");
    }

    /**
     * Loads the key pair from {@code file}, or makes one and writes it there (owner-only, written
     * to a temporary file first and moved into place, so a crash never leaves half a key).
     */
    public static TerminalKeys loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                OwnerOnly.restrict(file);
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                if (lines.size() >= 2) {
                    KeyFactory factory = KeyFactory.getInstance("Ed25519");
                    PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).strip())));
                    PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1).strip())));
                    return new TerminalKeys(file, new KeyPair(pub, priv));
                }
                log.warn("The terminal key file {} is incomplete; making a new key (it must be registered again)", file);
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) OwnerOnly.directory(parent);
            Path temp = OwnerOnly.file(Path.of(file.toAbsolutePath() + ".new"));
            Files.writeString(temp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            OwnerOnly.restrict(file);
            TerminalKeys keys = new TerminalKeys(file, pair);
            log.info("Made this terminal's ticket-signing key {} in {}", keys.keyId(), file);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the terminal key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The terminal key " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** The 12-character key id of an X.509 DER public key. */
    public static String keyId(byte[] x509) {
        return marquee.platform.auth.TerminalQr.keyId(x509);
    }

    public String keyId() {
        return keyId;
    }

    /** The public key for {@code RegisterTerminalKey}: X.509 DER, base64 (standard alphabet). */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public byte[] publicKeyX509() {
        return publicKey.getEncoded();
    }

    public Path file() {
        return file;
    }

    /** The key id the backend confirmed for this terminal, if this key was registered (kept beside the key). */
    public Optional<String> registeredKeyId() {
        Path marker = Path.of(file.toAbsolutePath() + ".registered");
        try {
            return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.US_ASCII).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the backend knows the current key (registered after the last key change). */
    public boolean registered() {
        return registeredKeyId().map(keyId::equals).orElse(false);
    }

    /** Remembers that the backend registered the current key. */
    public void markRegistered(String confirmedKeyId) {
        if (!keyId.equals(confirmedKeyId)) {
            throw new IllegalStateException("The backend registered key " + confirmedKeyId + ", this terminal signs with " + keyId);
        }
        try {
            Path marker = OwnerOnly.file(Path.of(file.toAbsolutePath() + ".registered"));
            Files.writeString(marker, confirmedKeyId + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The QR text of a ticket sold offline: {@code MQ2.<key_id>.<payload>.<signature>}. */
    public String sign(UUID ticketId, UUID showtimeId, Instant startsAt, String bookingCode, String seatId) {
        return marquee.platform.auth.TerminalQr.sign(new marquee.platform.auth.TerminalQr.Claims(ticketId, showtimeId,
                startsAt.getEpochSecond(), bookingCode, seatId), privateKey, publicKey);
    }
}
