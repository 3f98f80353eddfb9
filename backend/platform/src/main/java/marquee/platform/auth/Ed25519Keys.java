package marquee.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ed25519 key pairs kept as two base64 files (PKCS#8 private, X.509 public). A development
 * installation generates them on first start; production mounts them (e.g. a Kubernetes Secret).
 */
public final class Ed25519Keys {
    private static final Logger log = LoggerFactory.getLogger(Ed25519Keys.class);

    private Ed25519Keys() {}

    /** Loads the pair named {@code name} from {@code dir}, generating it if it is not there yet. */
    public static KeyPair loadOrCreate(Path dir, String name) {
        Path privateFile = dir.resolve(name + ".key");
        Path publicFile = dir.resolve(name + ".pub");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(privateFile)) {
                KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                // Another process may be generating the same pair; the first complete write wins.
                writeOnce(publicFile, encode(generated.getPublic().getEncoded()), false);
                if (writeOnce(privateFile, encode(generated.getPrivate().getEncoded()), true)) {
                    Files.writeString(publicFile, encode(generated.getPublic().getEncoded()));
                    log.info("Generated a new {} key pair in {}", name, dir);
                }
            }
            marquee.platform.config.Placeholders.refuse(privateFile.toString(), Files.readString(privateFile));
            marquee.platform.config.Placeholders.refuse(publicFile.toString(), Files.readString(publicFile));
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(decode(Files.readString(privateFile))));
            return new KeyPair(readPublic(publicFile), privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write keys in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Key files in " + dir + " are not valid Ed25519 keys", e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        marquee.platform.config.Placeholders.refuse(file.toString(), Files.readString(file));
        return publicFromBase64(Files.readString(file));
    }

    public static PublicKey publicFromBase64(String base64) {
        marquee.platform.config.Placeholders.refuse("the public key", base64);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a base64 X.509 Ed25519 public key", e);
        }
    }

    public static String encode(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64.strip());
    }

    private static boolean writeOnce(Path target, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            if (secret) {
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system (Windows): the user profile's ACLs protect it.
                }
            }
            if (Files.exists(target)) return false;
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
