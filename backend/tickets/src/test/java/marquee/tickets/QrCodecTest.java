package marquee.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QrCodecTest {
    private static final QrCodec.Claims CLAIMS = new QrCodec.Claims(UUID.randomUUID(), UUID.randomUUID(), "F12", "ABC234",
            1_790_000_000L);
    private final QrCodec codec = new QrCodec(newKeys());

    @Test
    void aSignedCodeVerifiesToTheSameClaims() {
        String qr = codec.sign(CLAIMS);

        assertThat(qr).startsWith("MQ1.");
        assertThat(codec.verify(qr)).contains(CLAIMS);
    }

    @Test
    void theCodeIsShortEnoughForASmallQrCode() {
        assertThat(codec.sign(CLAIMS).length()).isLessThan(200);
    }

    @Test
    void signingTheSameTicketTwiceGivesTheSameCode() {
        assertThat(codec.sign(CLAIMS)).isEqualTo(codec.sign(CLAIMS));
    }

    @Test
    void aRememberedCodeIsExactlyWhatSigningAnewGivesAndItVerifies() {
        String remembered = codec.sign(CLAIMS);   // signed now, then remembered
        assertThat(codec.sign(CLAIMS)).isSameAs(remembered);
        assertThat(codec.signNow(CLAIMS)).isEqualTo(remembered);
        assertThat(codec.verify(remembered)).contains(CLAIMS);
    }

    @Test
    void aCodeWithAnotherSeatInThePayloadIsRejected() {
        String qr = codec.sign(CLAIMS);
        String[] parts = qr.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        String text = new String(payload, StandardCharsets.ISO_8859_1).replace("F12", "F13");
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(codec.verify(String.join(".", parts))).isEmpty();
    }

    @Test
    void anyChangedCharacterOfThePayloadIsRejected() {
        String qr = codec.sign(CLAIMS);
        for (int i = 4; i < qr.indexOf('.', 4); i++) {
            char changed = qr.charAt(i) == 'A' ? 'B' : 'A';
            assertThat(codec.verify(qr.substring(0, i) + changed + qr.substring(i + 1))).as("position %d", i).isEmpty();
        }
    }

    @Test
    void anAlteredSignatureIsRejected() {
        String qr = codec.sign(CLAIMS);
        int last = qr.length() - 5;
        char changed = qr.charAt(last) == 'A' ? 'B' : 'A';

        assertThat(codec.verify(qr.substring(0, last) + changed + qr.substring(last + 1))).isEmpty();
        assertThat(codec.verify(qr.substring(0, qr.length() - 4))).isEmpty();
    }

    @Test
    void anyChangedCharacterOfTheWholeCodeIsRejected() {
        // The signature's last character has unused low bits: 'A'/'B' there may decode to the same
        // bytes, so every other letter is tried at every position, the signature's included.
        String qr = codec.sign(CLAIMS);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 4; i < qr.length(); i++) {
            if (qr.charAt(i) == '.') continue;
            for (char changed : alphabet.toCharArray()) {
                if (changed == qr.charAt(i)) continue;
                assertThat(codec.verify(qr.substring(0, i) + changed + qr.substring(i + 1)))
                        .as("position %d changed to %s", i, changed).isEmpty();
            }
        }
    }

    @Test
    void aCodeSignedWithAnotherKeyIsRejected() {
        String foreign = new QrCodec(newKeys()).sign(CLAIMS);

        assertThat(codec.verify(foreign)).isEmpty();
    }

    @Test
    void theVerificationKeyAloneChecksACode() {
        assertThat(QrCodec.verify(codec.sign(CLAIMS), codec.verificationKey())).contains(CLAIMS);
    }

    @Test
    void garbageIsRejected() {
        assertThat(codec.verify("")).isEmpty();
        assertThat(codec.verify("hello world")).isEmpty();
        assertThat(codec.verify("MQ1.")).isEmpty();
        assertThat(codec.verify("MQ1..")).isEmpty();
        assertThat(codec.verify("MQ1.!!!.???")).isEmpty();
        assertThat(codec.verify("MQ1.AAAA.AAAA")).isEmpty();
        assertThat(codec.verify(codec.sign(CLAIMS) + ".extra")).isEmpty();
    }

    @Test
    void aCodeWithAnotherPrefixIsRejected() {
        String qr = codec.sign(CLAIMS);

        assertThat(codec.verify("MQ2." + qr.substring(4))).isEmpty();
        assertThat(codec.verify(qr.substring(4))).isEmpty();
    }

    private static KeyPair newKeys() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
