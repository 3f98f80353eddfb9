package marquee.kiosk.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thermal printer's raw port (9100) on localhost: answers ESC/POS real-time status requests
 * (DLE EOT n) with "paper end" while {@link #paperOut} is set, and swallows print jobs.
 */
final class FakeThermalPrinter implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicBoolean paperOut = new AtomicBoolean();
    private final Thread acceptor;

    private FakeThermalPrinter(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::serve, "fake-thermal-printer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeThermalPrinter start() throws IOException {
        return new FakeThermalPrinter(new ServerSocket(0));
    }

    int port() {
        return server.getLocalPort();
    }

    void paperOut(boolean out) {
        paperOut.set(out);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> answer(client), "fake-thermal-printer-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b != 0x10) continue;
                if (in.read() != 0x04) continue;
                int n = in.read();
                // Fixed bits 0x12; n=2 offline cause bit 5 "stopped by paper end"; n=4 roll sensor bits 5,6 "paper end".
                int status = 0x12;
                if (paperOut.get() && n == 2) status |= 0x20;
                if (paperOut.get() && n == 4) status |= 0x60;
                out.write(status);
                out.flush();
            }
        } catch (SocketException e) {
            // the kiosk closed the connection
        } catch (IOException e) {
            // a test printer going away is not an error
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
