package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP server bounds, each in a gateway process of its own (the JDK server reads
 * them once per JVM): a client that trickles its request is cut after the read timeout, and
 * connections beyond the maximum are closed at once while the others keep working.
 */
class GatewayServerBoundsTest {
    private static final String REQUEST = "GET /openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void aClientThatNeverFinishesItsRequestIsCutAfterTheReadTimeout() throws Exception {
        int port = freePort();
        Process gateway = startGateway(port, "-Dmarquee.gateway.read.timeout=PT1S");
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(15_000);
            OutputStream out = slow.getOutputStream();
            out.write("GET /openapi.json HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            int read;
            try {
                read = slow.getInputStream().read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the gateway kept a half-sent request open for 15 s", e);
            } catch (IOException reset) {
                read = -1;
            }
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(read).as("nothing answered, the connection was closed").isEqualTo(-1);
            assertThat(waitedMillis).isLessThan(6_000);
            // Other clients are served meanwhile.
            assertThat(get(port)).startsWith("HTTP/1.1 200");
        } finally {
            gateway.destroy();
            gateway.waitFor();
        }
    }

    @Test
    void connectionsBeyondTheMaximumAreClosedAndTheOthersKeepWorking() throws Exception {
        int port = freePort();
        Process gateway = startGateway(port, "-Dmarquee.gateway.max.connections=3");
        List<Socket> held = new ArrayList<>();
        try {
            assertThat(get(port)).startsWith("HTTP/1.1 200");
            Thread.sleep(500); // until the server has let go of that connection
            for (int i = 0; i < 3; i++) held.add(new Socket("127.0.0.1", port));
            Thread.sleep(1000); // the server registers accepted connections on its dispatcher thread
            String beyond = get(port);
            assertThat(beyond).as("answer on a 4th connection").isEmpty();
            // A held connection is served.
            Socket first = held.get(0);
            first.setSoTimeout(10_000);
            first.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(first.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            for (Socket s : held) s.close();
            held.clear();
            Thread.sleep(500);
            assertThat(get(port)).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket s : held) s.close();
            gateway.destroy();
            gateway.waitFor();
        }
    }

    /** One GET on a fresh connection; what came back ("" when the server closed it unanswered). */
    private static String get(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException e) {
                return "timeout";
            } catch (IOException closed) {
                return "";
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process startGateway(int port, String... properties) throws Exception {
        Path dir = Files.createTempDirectory("marquee-gateway-bounds");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "-Dmarquee.data.dir=" + dir, "-Dmarquee.metrics.port=-1", "-Dmarquee.gateway.host=127.0.0.1",
                "-Dmarquee.gateway.backend=localhost:1"));
        command.addAll(List.of(properties));
        command.addAll(List.of("marquee.gateway.Main", "--port", Integer.toString(port)));
        File log = dir.resolve("gateway.log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("gateway exited: " + Files.readString(log.toPath()));
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("gateway did not listen on " + port);
    }
}
