package marquee.tickets;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The text printed in a ticket's QR code: {@code MQ1.<payload>.<signature>}, both parts base64url
 * without padding. The payload is binary to keep the code small (about 160 characters, a QR
 * version a thermal printer renders crisply): ticket id and showtime id (16 bytes each), start
 * as epoch seconds (8 bytes), then booking code and seat id, each with a one-byte length.
 * The Ed25519 signature covers {@code "MQ1." + payload part} as text, so a kiosk holding only the
 * public key can check a code offline, and any changed character makes it invalid.
 */
final class QrCodec {
    static final String PREFIX = "MQ1.";
    private static final int MAX_TEXT_BYTES = 255;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a QR code claims; trusted only after {@link #verify} accepted the signature. */
    record Claims(UUID ticketId, UUID showtimeId, String seatId, String bookingCode, long startsAtEpochSecond) {}

    private final PrivateKey signingKey;
    private final PublicKey verificationKey;

    /** The raw 32-byte key material that the fast signer takes (the tail of the standard encodings). */
    private final byte[] seed;
    private final byte[] rawPublic;

    QrCodec(KeyPair keys) {
        this.signingKey = keys.getPrivate();
        this.verificationKey = keys.getPublic();
        this.seed = raw(signingKey.getEncoded());
        this.rawPublic = raw(verificationKey.getEncoded());
    }

    private static byte[] raw(byte[] encoded) {
        return java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    PublicKey verificationKey() {
        return verificationKey;
    }

    /**
     * Signed texts of recently issued or listed tickets. An Ed25519 signature (RFC 8032) is
     * deterministic, so the same claims always sign to the same text: a ticket listed again (the
     * issue's answer, a pickup, the e-mail, the offline copy's sync) is not signed again. Signing
     * was a third of the backend's CPU in a purchase run. Bounded; the least recently used go first.
     */
    private final java.util.Map<Claims, String> recentlySigned = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Claims, String> eldest) {
                    return size() > SIGNED_CACHE_SIZE;
                }
            });
    private static final int SIGNED_CACHE_SIZE = 20_000;

    String sign(Claims claims) {
        String cached = recentlySigned.get(claims);
        if (cached != null) return cached;
        String signed = signNow(claims);
        recentlySigned.put(claims, signed);
        return signed;
    }

    String signNow(Claims claims) {
        byte[] code = claims.bookingCode().getBytes(StandardCharsets.UTF_8);
        byte[] seat = claims.seatId().getBytes(StandardCharsets.UTF_8);
        if (code.length > MAX_TEXT_BYTES || seat.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("booking code or seat id too long for a QR payload");
        }
        ByteBuffer payload = ByteBuffer.allocate(16 + 16 + 8 + 1 + code.length + 1 + seat.length);
        putUuid(payload, claims.ticketId());
        putUuid(payload, claims.showtimeId());
        payload.putLong(claims.startsAtEpochSecond());
        payload.put((byte) code.length).put(code);
        payload.put((byte) seat.length).put(seat);
        String signed = PREFIX + ENCODER.encodeToString(payload.array());
        byte[] message = signed.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, rawPublic, 0, message, 0, message.length, signature, 0);
        return signed + "." + ENCODER.encodeToString(signature);
    }

    /** The claims of a genuine code; empty for anything forged, altered, truncated or not ours. */
    Optional<Claims> verify(String text) {
        return verify(text, verificationKey);
    }

    static Optional<Claims> verify(String text, PublicKey key) {
        if (text == null || !text.startsWith(PREFIX)) return Optional.empty();
        int dot = text.indexOf('.', PREFIX.length());
        if (dot < 0 || text.indexOf('.', dot + 1) >= 0) return Optional.empty();
        String signed = text.substring(0, dot);
        try {
            String signaturePart = text.substring(dot + 1);
            byte[] signature = DECODER.decode(signaturePart);
            if (signature.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE) return Optional.empty();
            // Only the canonical spelling: the unused low bits of base64's last character would let
            // a changed character through with the same signature bytes.
            if (!ENCODER.encodeToString(signature).equals(signaturePart)) return Optional.empty();
            byte[] message = signed.getBytes(StandardCharsets.US_ASCII);
            if (!org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, raw(key.getEncoded()), 0, message, 0, message.length)) {
                return Optional.empty();
            }
            return Optional.of(parse(DECODER.decode(signed.substring(PREFIX.length()))));
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            // Not base64, a signature of the wrong length, or a payload of the wrong shape: not ours.
            return Optional.empty();
        }
    }

    private static Claims parse(byte[] bytes) {
        ByteBuffer payload = ByteBuffer.wrap(bytes);
        UUID ticket = getUuid(payload);
        UUID showtime = getUuid(payload);
        long startsAt = payload.getLong();
        String code = getText(payload);
        String seat = getText(payload);
        if (payload.hasRemaining()) throw new IllegalArgumentException("trailing bytes");
        return new Claims(ticket, showtime, seat, code, startsAt);
    }

    private static void putUuid(ByteBuffer buffer, UUID id) {
        buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer buffer) {
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static String getText(ByteBuffer buffer) {
        byte[] text = new byte[Byte.toUnsignedInt(buffer.get())];
        buffer.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
