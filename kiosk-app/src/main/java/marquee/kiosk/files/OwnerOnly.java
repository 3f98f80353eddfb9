package marquee.kiosk.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only the kiosk's own user may read: the offline copy (booking codes and printable QR
 * codes of a whole day) and the printed PDFs. On a file system without POSIX permissions
 * (Windows) the user's profile directory already does that job, and nothing is changed.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {}

    /** Creates {@code dir} (and parents) if needed and makes it rwx------. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Creates {@code file} empty if it does not exist, and makes it rw-------. */
    public static Path file(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: fall through to setting its permissions
            }
        }
        restrict(file);
        return file;
    }

    /** Makes an existing file rw------- (nothing if it does not exist). */
    public static void restrict(Path file) throws IOException {
        if (POSIX && Files.exists(file)) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
