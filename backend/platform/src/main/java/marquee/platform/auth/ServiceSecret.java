package marquee.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import marquee.platform.config.Config;

/**
 * The secret backend services present to the users service to get a SERVICE token. From
 * {@code MARQUEE_SERVICE_SECRET}, else {@code <keys dir>/service-secret}, generated on first use
 * (all processes of one installation share the keys directory, or mount the same Secret).
 */
public final class ServiceSecret {
    private ServiceSecret() {}

    public static String load(Config config) {
        var configured = config.find("marquee.service.secret");
        if (configured.isPresent()) return configured.get();
        Path file = config.keysDir().resolve("service-secret");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path temp = Files.createTempFile(file.getParent(), "service-secret", ".tmp");
                Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                // Processes of one installation often start at the same moment (run-services.sh):
                // the first complete file must win for all of them. A rename would replace a secret
                // another process already read; a hard link is created only if the name is free.
                try {
                    Files.createLink(file, temp);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process was first: use its secret
                } catch (UnsupportedOperationException | IOException e) {
                    try {
                        Files.move(temp, file); // no links here: without REPLACE_EXISTING, still fails if present
                    } catch (java.nio.file.FileAlreadyExistsException ignored) {
                        // another process was first
                    }
                }
                Files.deleteIfExists(temp);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the service secret in " + file, e);
        }
    }

    /** Compares in constant time, so the secret cannot be guessed byte by byte from timings. */
    public static boolean matches(String expected, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
