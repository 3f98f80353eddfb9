package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import marquee.platform.config.Config;
import marquee.platform.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/** The gateway's own HTTPS (no proxy in front): a client trusting the CA gets the API, plain HTTP does not. */
class GatewayHttpsTest {
    @Test
    void theGatewayServesHttpsWithItsOwnCertificate() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority("Gateway test CA");
        TestCertificates.Pair cert = ca.server("gateway");
        Gateway gateway = Gateway.start(Config.withOverrides(Map.of("marquee.gateway.port", "0", "marquee.gateway.host", "127.0.0.1",
                "marquee.gateway.backend", "localhost:1", "marquee.metrics.port", "-1",
                "marquee.gateway.tls.cert", cert.cert().toString(), "marquee.gateway.tls.key", cert.key().toString())));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(ca.caCertificate())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + gateway.port() + "/openapi.json")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"openapi\"");
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + "/openapi.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            gateway.close();
        }
    }
}
