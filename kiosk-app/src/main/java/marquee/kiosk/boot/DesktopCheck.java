package marquee.kiosk.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Before JavaFX starts on a desktop: are the GTK 3 libraries its windowing layer (glass) needs
 * there, and is there a display? Without this a bare machine gets a stack trace ending in
 * "Unable to load glass GTK library"; with it, one line that says what to install.
 */
public final class DesktopCheck {
    public static final String PACKAGES = "libgtk-3-0 libgl1 libxtst6 libxxf86vm1";
    static final String GTK = "libgtk-3.so.0";

    private DesktopCheck() {}

    /** Empty when JavaFX can start here, else the one line to print. */
    public static Optional<String> problem() {
        if (!isLinuxDesktop()) return Optional.empty();
        Optional<String> gtk = gtkProblem(libraryDirectories());
        if (gtk.isPresent()) return gtk;
        if (blank(System.getenv("DISPLAY")) && blank(System.getenv("WAYLAND_DISPLAY"))) {
            return Optional.of("Marquee kiosk: no display to open (DISPLAY is not set). Start it from a desktop session, "
                    + "or run `marquee-kiosk --self-test` to check the installation without a screen.");
        }
        return Optional.empty();
    }

    /** The line to print for a failure JavaFX itself reported at start-up, if it is one of ours. */
    public static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("Unable to load glass GTK library") || message.contains("no suitable pipeline")) {
                return Optional.of(missingLine("JavaFX could not load GTK 3 / OpenGL"));
            }
            if (message.contains("Unable to open DISPLAY")) {
                return Optional.of("Marquee kiosk: cannot open the display \"" + System.getenv("DISPLAY")
                        + "\". Start it from a desktop session (or check DISPLAY / xhost).");
            }
        }
        return Optional.empty();
    }

    static Optional<String> gtkProblem(List<Path> directories) {
        Optional<Path> library = directories.stream().map(d -> d.resolve(GTK)).filter(Files::exists).findFirst();
        if (library.isEmpty()) return Optional.of(missingLine("the GTK 3 library JavaFX needs (" + GTK + ") is not installed"));
        try {
            // Loading it now (glass loads the same library a moment later) finds broken or missing dependencies too.
            System.load(library.get().toRealPath().toString());
            return Optional.empty();
        } catch (UnsatisfiedLinkError | java.io.IOException e) {
            return Optional.of(missingLine(GTK + " cannot be loaded (" + firstLine(e.getMessage()) + ")"));
        }
    }

    static String missingLine(String what) {
        return "Marquee kiosk cannot start: " + what + ". Install the desktop libraries with "
                + "`sudo apt install " + PACKAGES + "` (Debian/Ubuntu; the marquee-kiosk .deb brings them) and start it again.";
    }

    private static boolean isLinuxDesktop() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return false;
        String platform = System.getProperty("glass.platform", "");
        return !platform.equalsIgnoreCase("Monocle") && !Boolean.getBoolean("testfx.headless");
    }

    /** Where the dynamic linker looks: LD_LIBRARY_PATH, then the usual system directories. */
    static List<Path> libraryDirectories() {
        Set<String> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (!blank(ld)) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
        String arch = System.getProperty("os.arch", "");
        String triplet = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        for (String base : List.of("/lib/", "/usr/lib/", "/usr/local/lib/")) dirs.add(base + triplet);
        dirs.addAll(List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"));
        List<Path> paths = new ArrayList<>();
        for (String d : dirs) paths.add(Path.of(d));
        return paths;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
