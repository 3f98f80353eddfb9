package marquee.kiosk.printing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thermal printer spoken to in ESC/POS: over raw TCP (port 9100, how networked lobby printers
 * are driven) or by writing to a device file such as {@code /dev/usb/lp0}.
 */
public final class EscPosPrinter implements Printer {
    private static final Logger log = LoggerFactory.getLogger(EscPosPrinter.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A real-time status answer comes within milliseconds; a printer that stays silent does not support it. */
    private static final Duration STATUS_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String host;
    private final int port;
    private final Path device;

    private EscPosPrinter(String host, int port, Path device) {
        this.host = host;
        this.port = port;
        this.device = device;
    }

    public static EscPosPrinter tcp(String host, int port) {
        return new EscPosPrinter(host, port, null);
    }

    public static EscPosPrinter device(Path device) {
        return new EscPosPrinter(null, 0, device);
    }

    @Override
    public String name() {
        return device == null ? "escpos-tcp://" + host + ":" + port : "escpos-file:" + device;
    }

    @Override
    public PrinterStatus status() {
        if (device != null) {
            // A device file answers nothing back through the kernel's lp driver; presence is all we know.
            if (!Files.exists(device)) return new PrinterStatus(name(), PrinterState.OFFLINE, device + " does not exist (printer unplugged?)");
            if (!Files.isWritable(device)) return new PrinterStatus(name(), PrinterState.FAULT, device + " is not writable by this user");
            return new PrinterStatus(name(), PrinterState.UNKNOWN, "device present; it does not report paper state");
        }
        try (Socket socket = connect()) {
            socket.setSoTimeout((int) STATUS_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int printer = query(out, in, 1);
            int offlineCause = query(out, in, 2);
            int error = query(out, in, 3);
            int paper = query(out, in, 4);
            return new PrinterStatus(name(), decode(printer, offlineCause, error, paper), describe(printer, offlineCause, error, paper));
        } catch (SocketTimeoutException e) {
            return new PrinterStatus(name(), PrinterState.UNKNOWN, "the printer accepts jobs but does not answer status queries");
        } catch (IOException e) {
            return new PrinterStatus(name(), PrinterState.OFFLINE, "cannot reach " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    /** DLE EOT n: one status byte back, always of the form 0xx1xx10. */
    private static int query(OutputStream out, InputStream in, int n) throws IOException {
        out.write(new byte[] {EscPos.DLE, EscPos.EOT, (byte) n});
        out.flush();
        int b = in.read();
        if (b < 0) throw new IOException("the printer closed the connection");
        if ((b & 0x93) != 0x12) throw new IOException("not an ESC/POS status byte: 0x" + Integer.toHexString(b));
        return b;
    }

    /** Worst condition first: what stops printing outranks what only warns. */
    static PrinterState decode(int printer, int offlineCause, int error, int paper) {
        if ((paper & 0x60) != 0 || (offlineCause & 0x20) != 0) return PrinterState.PAPER_OUT;
        if ((offlineCause & 0x04) != 0) return PrinterState.COVER_OPEN;
        if ((error & 0x68) != 0 || (offlineCause & 0x40) != 0) return PrinterState.FAULT;
        if ((printer & 0x08) != 0) return PrinterState.FAULT;
        if ((paper & 0x0C) != 0) return PrinterState.PAPER_LOW;
        return PrinterState.READY;
    }

    private static String describe(int printer, int offlineCause, int error, int paper) {
        return String.format("status bytes printer=0x%02x offline=0x%02x error=0x%02x paper=0x%02x", printer, offlineCause, error, paper);
    }

    @Override
    public PrintJob print(List<PrintedTicket> tickets) {
        if (tickets.isEmpty()) throw new IllegalArgumentException("No tickets to print");
        send(EscPosLayouts.tickets(tickets));
        log.info("Printed {} ticket(s) of booking {} on {}", tickets.size(), tickets.get(0).bookingCode(), name());
        return new PrintJob(name(), tickets.size(), java.util.Optional.empty());
    }

    @Override
    public PrintJob print(Receipt receipt) {
        send(EscPosLayouts.receipt(receipt));
        return new PrintJob(name(), 1, java.util.Optional.empty());
    }

    private void send(byte[] bytes) {
        try {
            if (device != null) {
                try (OutputStream out = Files.newOutputStream(device, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    out.write(bytes);
                }
                return;
            }
            try (Socket socket = connect()) {
                socket.setSoTimeout((int) WRITE_TIMEOUT.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                // Half-close and read until the printer closes: closing with unread status bytes in the buffer
                // sends a reset, which can discard the end of the job. Printers that keep the line open get a
                // short grace, not a pickup-blocking wait.
                socket.shutdownOutput();
                socket.setSoTimeout((int) CLOSE_GRACE.toMillis());
                try {
                    while (socket.getInputStream().read() >= 0) {
                        // printers may echo status bytes; they are not needed here
                    }
                } catch (SocketTimeoutException e) {
                    log.debug("{} kept the connection open after the job; closing it", name());
                }
            }
        } catch (IOException e) {
            throw new PrinterException("Printing on " + name() + " failed: " + e.getMessage(), e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
