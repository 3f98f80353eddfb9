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
import marquee.platform.config.Placeholders;

/**
 * The secret one backend service presents to the users service to get its SERVICE token. Each
 * service has its own: {@code MARQUEE_<SERVICE>_SERVICE_SECRET}, else
 * {@code <keys dir>/service-secret-<service>}, generated on first use (processes of one
 * installation share the keys directory; in Kubernetes each pod mounts only its own, users all).
 * A placeholder value is refused at start.
 */
public final class ServiceSecret {
    /** Shortest secret accepted: 16 characters (a generated one has 43). */
    static final int MIN_LENGTH = 16;

    private ServiceSecret() {}

    /** The file a service's secret lives in, under the keys directory. */
    public static String fileName(String service) {
        return "service-secret-" + service;
    }

    public static String load(Config config, String service) {
        if (config.find("marquee.service.secret").isPresent()) {
            throw new IllegalStateException("MARQUEE_SERVICE_SECRET (one secret for every service) is no longer used: each"
                    + " service has its own, MARQUEE_<SERVICE>_SERVICE_SECRET or <keys dir>/" + fileName("<service>")
                    + " (scripts/make-secrets.sh writes them); see docs/operations.md");
        }
        String setting = "marquee." + service + ".service.secret";
        var configured = config.find(setting);
        if (configured.isPresent()) return checked(Config.envName(setting), configured.get());
        Path file = config.keysDir().resolve(fileName(service));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path temp = Files.createTempFile(file.getParent(), fileName(service), ".tmp");
                Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                try {
                    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the profile's ACLs protect it
                }
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
            return checked(file.toString(), Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the " + service + " service secret in " + file, e);
        }
    }

    private static String checked(String where, String secret) {
        Placeholders.refuse(where, secret);
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalStateException(where + " is too short for a service secret (at least " + MIN_LENGTH
                    + " characters; scripts/make-secrets.sh makes one)");
        }
        return secret;
    }

    /** Compares in constant time, so the secret cannot be guessed byte by byte from timings. */
    public static boolean matches(String expected, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
