package marquee.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The .deb files the installer module built (in its package phase), and how the tests install
 * them: for real with dpkg when running as root (CI), else unpacked into a scratch root.
 */
final class Packages {
    static final Path DIR = Path.of(System.getProperty("marquee.installers", "target/installers"));
    static final String VERSION = System.getProperty("marquee.installer.version", "0.1.0");
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private Packages() {}

    static Path deb(String name) {
        try (var files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().matches(name + "_" + VERSION.replace(".", "\\.") + "_[a-z0-9]+\\.deb"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + name + " .deb in " + DIR));
        } catch (IOException e) {
            throw new AssertionError("no installers in " + DIR + " (built by mvn -Pinstallers package)", e);
        }
    }

    /** Where packages get installed: / for real (root), else a scratch directory. */
    static Path installRoot(Path scratch) {
        if (!ROOT && CI) fail("CI must run as root: the installer tests install the packages with dpkg");
        return ROOT ? Path.of("/") : scratch;
    }

    static void install(String name, Path root) {
        if (ROOT) {
            Result installed = run(List.of("dpkg", "-i", deb(name).toString()), Map.of(), 300);
            if (installed.exit() != 0) {
                // Missing dependencies (what `apt install ./x.deb` would fetch): let apt complete the installation.
                run(List.of("apt-get", "install", "-y", "-f", "--no-install-recommends"), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600)
                        .assertExit(0);
            }
            assertThat(run(List.of("dpkg-query", "-W", "-f=${Status}", name), Map.of(), 30).output())
                    .as("dpkg -i " + name + ":\n" + installed.output()).isEqualTo("install ok installed");
        } else {
            run(List.of("dpkg-deb", "-x", deb(name).toString(), root.toString()), Map.of(), 300).assertExit(0);
        }
    }

    static void remove(String name, boolean purge) {
        if (ROOT) run(List.of("dpkg", purge ? "--purge" : "--remove", name), Map.of(), 300).assertExit(0);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(int exit, String output) {
        Result assertExit(int expected) {
            assertThat(exit).as("exit status; output:\n" + output).isEqualTo(expected);
            return this;
        }
    }

    static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("installer-run", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            environment.forEach((k, v) -> {
                if (v == null) builder.environment().remove(k);
                else builder.environment().put(k, v);
            });
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(command + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<String> asUser(String user, List<String> command) {
        List<String> all = new ArrayList<>();
        if (ROOT && user != null) all.addAll(List.of("runuser", "-u", user, "--"));
        all.addAll(command);
        return all;
    }
}
