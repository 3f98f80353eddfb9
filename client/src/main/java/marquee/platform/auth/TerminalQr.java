package marquee.platform.auth;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * "MQ2" ticket QR texts, signed by a terminal's own registered key while it sells offline:
 * {@code MQ2.<key_id>.<payload>.<signature>} (see tickets.proto TerminalKey). The payload is the
 * one of "MQ1": ticket id and showtime id (16 bytes each), start epoch seconds (8 bytes), booking
 * code and seat id (one-byte length, UTF-8); the Ed25519 signature covers the ASCII text
 * {@code MQ2.<key_id>.<payload>}. key_id: base64url (no padding) of the first 9 bytes of SHA-256
 * over the public key's X.509 DER. In the client module because both sides use it: tills and kiosks
 * sign with {@link #sign}, doors read the payload ({@link #parsePayload}), reservations checks an
 * upload before recording it and tickets issues and admits such tickets.
 */
public final class TerminalQr {
    public static final String PREFIX = "MQ2.";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private TerminalQr() {}

    /** What a QR text claims; believe it only from {@link #verify}. */
    public record Claims(UUID ticketId, UUID showtimeId, long startsAtEpochSecond, String bookingCode, String seatId) {}

    /** The key id (12 characters) of a public key given as X.509 DER. */
    public static String keyId(byte[] publicKeyDer) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
            return URL.encodeToString(java.util.Arrays.copyOf(digest, 9));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** An Ed25519 public key from standard base64 of its X.509 DER; empty when it is not one. */
    public static Optional<PublicKey> publicKey(String base64Der) {
        try {
            byte[] der = Base64.getDecoder().decode(base64Der == null ? "" : base64Der.strip());
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return Optional.of(key);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** The key id a QR text names, or empty when it is not an MQ2 text. */
    public static Optional<String> keyIdOf(String text) {
        if (text == null || !text.startsWith(PREFIX)) return Optional.empty();
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4 || parts[1].length() != 12) return Optional.empty();
        return Optional.of(parts[1]);
    }

    /** The claims of a text signed by {@code key}; empty for anything forged, altered or malformed. */
    public static Optional<Claims> verify(String text, PublicKey key) {
        Optional<String> keyId = keyIdOf(text);
        if (keyId.isEmpty() || key == null) return Optional.empty();
        if (!keyId.get().equals(keyId(key.getEncoded()))) return Optional.empty();
        int last = text.lastIndexOf('.');
        String signed = text.substring(0, last);
        try {
            String signaturePart = text.substring(last + 1);
            byte[] signature = URL_DECODER.decode(signaturePart);
            // Only the canonical spelling (see the door's OfflineCheck): no second text for one ticket.
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(signature).equals(signaturePart)) return Optional.empty();
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) return Optional.empty();
            return Optional.of(parsePayload(URL_DECODER.decode(signed.substring(signed.lastIndexOf('.') + 1))));
        } catch (IllegalArgumentException | BufferUnderflowException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Signs claims with a terminal's private key (terminals and tests). */
    public static String sign(Claims claims, PrivateKey privateKey, PublicKey publicKey) {
        byte[] code = claims.bookingCode().getBytes(StandardCharsets.UTF_8);
        byte[] seat = claims.seatId().getBytes(StandardCharsets.UTF_8);
        if (code.length > 255 || seat.length > 255) throw new IllegalArgumentException("booking code or seat id too long");
        ByteBuffer payload = ByteBuffer.allocate(16 + 16 + 8 + 1 + code.length + 1 + seat.length);
        payload.putLong(claims.ticketId().getMostSignificantBits()).putLong(claims.ticketId().getLeastSignificantBits());
        payload.putLong(claims.showtimeId().getMostSignificantBits()).putLong(claims.showtimeId().getLeastSignificantBits());
        payload.putLong(claims.startsAtEpochSecond());
        payload.put((byte) code.length).put(code);
        payload.put((byte) seat.length).put(seat);
        String signed = PREFIX + keyId(publicKey.getEncoded()) + "." + URL.encodeToString(payload.array());
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this key", e);
        }
    }

    /**
     * The claims in a payload (the same in "MQ1" and "MQ2" texts); throws IllegalArgumentException or
     * BufferUnderflowException when it is not one. Only for a payload whose signature was checked.
     */
    public static Claims parsePayload(byte[] bytes) {
        ByteBuffer payload = ByteBuffer.wrap(bytes);
        UUID ticket = new UUID(payload.getLong(), payload.getLong());
        UUID showtime = new UUID(payload.getLong(), payload.getLong());
        long startsAt = payload.getLong();
        String code = text(payload);
        String seat = text(payload);
        if (payload.hasRemaining()) throw new IllegalArgumentException("trailing bytes");
        return new Claims(ticket, showtime, startsAt, code, seat);
    }

    private static String text(ByteBuffer buffer) {
        byte[] text = new byte[Byte.toUnsignedInt(buffer.get())];
        buffer.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
