package marquee.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import marquee.platform.config.Config;
import marquee.platform.config.Placeholders;

/**
 * The gateway's own HTTPS, for an installation without a reverse proxy or Ingress in front:
 * {@code MARQUEE_GATEWAY_TLS_CERT} (PEM chain) and {@code MARQUEE_GATEWAY_TLS_KEY} (PEM PKCS#8,
 * EC or RSA). Unset: plain HTTP, for running behind something that terminates HTTPS.
 */
final class HttpsSettings {
    private HttpsSettings() {}

    static Optional<SSLContext> fromConfig(Config config) {
        var cert = config.find("marquee.gateway.tls.cert");
        var key = config.find("marquee.gateway.tls.key");
        if (cert.isEmpty() && key.isEmpty()) return Optional.empty();
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("Set both MARQUEE_GATEWAY_TLS_CERT and MARQUEE_GATEWAY_TLS_KEY, or neither");
        }
        try {
            String certPem = Files.readString(Path.of(cert.get()));
            String keyPem = Files.readString(Path.of(key.get()));
            Placeholders.refuse(cert.get(), certPem);
            Placeholders.refuse(key.get(), keyPem);
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)))
                    .toArray(Certificate[]::new);
            PrivateKey privateKey = privateKey(keyPem, chain[0].getPublicKey().getAlgorithm());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("gateway", privateKey, password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot use the gateway's HTTPS certificate or key (MARQUEE_GATEWAY_TLS_CERT/_KEY): "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem, String algorithm) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the key must be PEM PKCS#8 (\"BEGIN PRIVATE KEY\"; convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
