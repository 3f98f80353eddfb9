package marquee.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for a test, made with the {@code openssl} command (as
 * {@code scripts/make-secrets.sh} does for an installation): a CA, then certificates it signs for
 * servers (with {@code localhost}/{@code 127.0.0.1} as names) and clients. PEM files, PKCS#8 keys.
 */
public final class TestCertificates {
    private final Path dir;

    public record Pair(Path cert, Path key) {}

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in a fresh directory. */
    public static TestCertificates newAuthority(String name) {
        try {
            Path dir = Files.createTempDirectory("marquee-tls");
            TestCertificates ca = new TestCertificates(dir);
            ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=" + name);
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1} (plus {@code extraNames}). */
    public Pair server(String name, String... extraNames) {
        StringBuilder san = new StringBuilder("subjectAltName=DNS:localhost,IP:127.0.0.1");
        for (String extra : extraNames) san.append(",DNS:").append(extra);
        return issue(name, san + "\nextendedKeyUsage=serverAuth,clientAuth");
    }

    /** A client certificate (a kiosk, a till, a service calling another). */
    public Pair client(String name) {
        return issue(name, "extendedKeyUsage=clientAuth");
    }

    private Pair issue(String name, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".ec.key",
                    "-out", name + ".csr", "-subj", "/CN=" + name);
            // gRPC (Netty) reads PKCS#8 keys ("BEGIN PRIVATE KEY").
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", name + ".ec.key", "-out", name + ".key");
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
            return new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
