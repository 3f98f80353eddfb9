package marquee.terminal.zvt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import marquee.terminal.EndOfDayTotals;
import marquee.terminal.PaymentTerminal;
import marquee.terminal.TerminalException;
import marquee.terminal.TerminalResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ZVT card terminal over TCP (the ECR side of the protocol). One command at a time; the
 * connection is opened on first use, registered (06 00) and kept; any I/O error drops it and the
 * next command reconnects and registers again.
 *
 * <p>Double charging is avoided by never repeating an authorisation whose outcome is unknown: when
 * the connection breaks or the terminal goes silent mid-payment, the client reconnects and asks
 * for the last transaction (06 20 Repeat Receipt). If that transaction is newer than the last one
 * this client knew of (its trace number differs) and is for the same amount, it is this payment's
 * result; otherwise the payment never reached the card and nothing was charged.
 */
public final class ZvtTerminal implements PaymentTerminal {
    private static final Logger log = LoggerFactory.getLogger(ZvtTerminal.class);
    private static final int RECOVERY_ATTEMPTS = 4;

    private final ZvtSettings settings;
    private final ReentrantLock busy = new ReentrantLock();
    private final Object writeLock = new Object();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private volatile boolean transactionRunning;
    private volatile boolean abortRequested;
    /** Trace number of the newest transaction this client knows the terminal did; null until learnt. */
    private String lastKnownTrace;

    public ZvtTerminal(ZvtSettings settings) {
        this.settings = settings;
    }

    private static final class Refused extends Exception {
        final int code;

        Refused(int code) {
            super(String.format("terminal refused the command (84 %02X): %s", code, ZvtCodes.resultText(code)));
            this.code = code;
        }
    }

    private record Exchange(boolean completed, int abortCode, StatusInformation status, boolean appAborted) {}

    @Override
    public TerminalResult pay(long amountMinor, Consumer<String> customerText) throws TerminalException {
        if (amountMinor <= 0) throw new IllegalArgumentException("amount must be more than 0");
        Consumer<String> text = customerText == null ? t -> {} : customerText;
        busy.lock();
        try {
            abortRequested = false;
            if (lastKnownTrace == null) learnBaseline();
            String baseline = lastKnownTrace;
            connectOrFail();
            transactionRunning = true;
            try {
                if (abortRequested) return TerminalResult.aborted(ZvtCodes.ABORT_TIMEOUT_OR_KEY, "aborted before the card was asked for");
                Exchange x = exchange(Commands.authorization(amountMinor, settings.currencyNumeric()), text,
                        settings.transactionTimeout().toMillis(), true);
                return remember(toResult(x, amountMinor));
            } catch (Refused e) {
                return TerminalResult.aborted(e.code, e.getMessage());
            } catch (IOException e) {
                log.warn("Card terminal {}: connection lost during a payment ({}); asking it for its last result", settings, e.toString());
                disconnect();
                return recover(amountMinor, baseline);
            } finally {
                transactionRunning = false;
            }
        } finally {
            busy.unlock();
        }
    }

    /** After a lost payment: the terminal's last transaction decides, never a second authorisation. */
    private TerminalResult recover(long amountMinor, String baseline) throws TerminalException {
        TerminalException last = null;
        for (int attempt = 1; attempt <= RECOVERY_ATTEMPTS; attempt++) {
            try {
                Optional<StatusInformation> lastTx = repeatLast();
                if (lastTx.isPresent() && !lastTx.get().traceNumber().equals(baseline == null ? "" : baseline)
                        && lastTx.get().amountMinor() == amountMinor) {
                    StatusInformation s = lastTx.get();
                    TerminalResult r = s.toResult(s.resultCode() == 0 ? TerminalResult.Outcome.APPROVED : TerminalResult.Outcome.DECLINED,
                            settings.currency());
                    log.info("Card terminal {}: recovered the lost payment's result: {} (trace {})", settings, r.outcome(), r.traceNumber());
                    return remember(r);
                }
                lastTx.ifPresent(s -> lastKnownTrace = s.traceNumber());
                log.info("Card terminal {}: the lost payment never completed on the terminal; nothing was charged", settings);
                return TerminalResult.aborted(ZvtCodes.ABORT_TIMEOUT_OR_KEY, "the payment did not complete; nothing was charged");
            } catch (TerminalException e) {
                last = e;
                sleep(Math.min(4000, 500L * attempt));
            }
        }
        throw new TerminalException("the card terminal stopped answering during the payment; whether it was charged is not known"
                + " yet: ask the terminal for its last result before taking the payment again", true, last);
    }

    @Override
    public void abort() {
        abortRequested = true;
        if (!transactionRunning) return;
        try {
            send(Commands.abort());
            log.info("Card terminal {}: abort sent", settings);
        } catch (IOException e) {
            log.debug("Card terminal {}: abort could not be sent ({})", settings, e.toString());
        }
    }

    @Override
    public TerminalResult reverse(String receiptNumber, Consumer<String> customerText) throws TerminalException {
        return administrative(Commands.reversal(settings.password(), receiptNumber), customerText, "reversal");
    }

    @Override
    public TerminalResult refund(long amountMinor, Consumer<String> customerText) throws TerminalException {
        return administrative(Commands.refund(settings.password(), amountMinor, settings.currencyNumeric()), customerText, "refund");
    }

    private TerminalResult administrative(Apdu command, Consumer<String> customerText, String what) throws TerminalException {
        busy.lock();
        try {
            connectOrFail();
            transactionRunning = true;
            try {
                Exchange x = exchange(command, customerText == null ? t -> {} : customerText, settings.transactionTimeout().toMillis(), true);
                return remember(toResult(x, -1));
            } catch (Refused e) {
                return TerminalResult.aborted(e.code, e.getMessage());
            } catch (IOException e) {
                disconnect();
                throw new TerminalException("the card terminal stopped answering during the " + what
                        + "; check its last result before trying again", true, e);
            } finally {
                transactionRunning = false;
            }
        } finally {
            busy.unlock();
        }
    }

    @Override
    public EndOfDayTotals endOfDay() throws TerminalException {
        busy.lock();
        try {
            connectOrFail();
            Exchange x = exchange(Commands.endOfDay(settings.password()), t -> {}, settings.transactionTimeout().toMillis(), false);
            if (!x.completed() || x.status() == null || x.status().resultCode() != 0) {
                int code = x.status() != null && x.status().resultCode() != 0 ? x.status().resultCode() : x.abortCode();
                throw new TerminalException("the terminal's end-of-day failed: " + ZvtCodes.resultText(code));
            }
            if (!x.status().traceNumber().isEmpty()) lastKnownTrace = x.status().traceNumber();
            return x.status().toTotals(settings.currency());
        } catch (Refused e) {
            throw new TerminalException("the terminal refused the end-of-day: " + e.getMessage());
        } catch (IOException e) {
            disconnect();
            throw new TerminalException("the card terminal stopped answering during the end-of-day", false, e);
        } finally {
            busy.unlock();
        }
    }

    @Override
    public Optional<TerminalResult> recoverLastResult() throws TerminalException {
        busy.lock();
        try {
            return repeatLast().map(s -> s.toResult(s.resultCode() == 0 ? TerminalResult.Outcome.APPROVED
                    : TerminalResult.Outcome.DECLINED, settings.currency()));
        } finally {
            busy.unlock();
        }
    }

    /** 05 01 Status-Enquiry: the terminal's status code (0 = ready). */
    public int statusEnquiry() throws TerminalException {
        busy.lock();
        try {
            connectOrFail();
            Exchange x = exchange(Commands.statusEnquiry(settings.password()), t -> {}, settings.ackTimeout().toMillis() * 4, false);
            return x.status() == null ? x.abortCode() : x.status().resultCode();
        } catch (Refused e) {
            return e.code;
        } catch (IOException e) {
            disconnect();
            throw new TerminalException("the card terminal does not answer: " + e.getMessage(), false, e);
        } finally {
            busy.unlock();
        }
    }

    private Optional<StatusInformation> repeatLast() throws TerminalException {
        connectOrFail();
        try {
            Exchange x = exchange(Commands.repeatReceipt(settings.password()), t -> {}, settings.ackTimeout().toMillis() * 4, false);
            return Optional.ofNullable(x.status());
        } catch (Refused e) {
            return Optional.empty(); // no transaction to repeat
        } catch (IOException e) {
            disconnect();
            throw new TerminalException("the card terminal does not answer: " + e.getMessage(), true, e);
        }
    }

    /** The trace number of the terminal's last transaction before this client's first payment. */
    private void learnBaseline() {
        try {
            lastKnownTrace = repeatLast().map(StatusInformation::traceNumber).orElse("");
        } catch (TerminalException e) {
            log.debug("Card terminal {}: last transaction not known yet ({})", settings, e.getMessage());
        }
    }

    private TerminalResult remember(TerminalResult r) {
        if (!r.traceNumber().isEmpty()) lastKnownTrace = r.traceNumber();
        return r;
    }

    private TerminalResult toResult(Exchange x, long amountMinor) {
        StatusInformation s = x.status();
        TerminalResult.Outcome outcome;
        if (x.completed() && (s == null || s.resultCode() == 0)) outcome = TerminalResult.Outcome.APPROVED;
        else if (x.appAborted() || x.abortCode() == ZvtCodes.ABORT_TIMEOUT_OR_KEY
                || (s != null && s.resultCode() == ZvtCodes.ABORT_TIMEOUT_OR_KEY)) outcome = TerminalResult.Outcome.ABORTED;
        else outcome = TerminalResult.Outcome.DECLINED;
        if (s != null) {
            TerminalResult r = s.toResult(outcome, settings.currency());
            if (outcome != TerminalResult.Outcome.APPROVED && s.resultCode() == 0 && x.abortCode() != 0) {
                return new TerminalResult(outcome, r.amountMinor(), r.currency(), r.terminalId(), r.traceNumber(), r.receiptNumber(),
                        r.authCode(), r.maskedPan(), r.cardBrand(), x.abortCode(), ZvtCodes.resultText(x.abortCode()));
            }
            return r;
        }
        int code = outcome == TerminalResult.Outcome.APPROVED ? 0 : x.abortCode();
        return new TerminalResult(outcome, Math.max(0, amountMinor), settings.currency(), "", "", "", "", "", "", code,
                outcome == TerminalResult.Outcome.APPROVED ? "approved" : ZvtCodes.resultText(code));
    }

    /**
     * Sends a command and plays the ECR's part until the terminal's Completion (06 0F) or Abort
     * (06 1E): acknowledges every message, hands intermediate texts to the customer, keeps the
     * Status-Information. Past the deadline an abortable command is aborted (06 B0) and given
     * {@code abortGrace} to end; a terminal that stays silent then is a lost connection.
     */
    private Exchange exchange(Apdu command, Consumer<String> text, long timeoutMillis, boolean abortable) throws IOException, Refused {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        send(command);
        Apdu first = read(settings.ackTimeout().toMillis());
        if (first.isNak()) throw new Refused(first.instr());
        StatusInformation status = null;
        boolean aborting = false;
        long abortDeadline = 0;
        Apdu next = first.isAck() ? null : first;
        while (true) {
            if (next == null) {
                long wait = (aborting ? abortDeadline : deadline) - System.currentTimeMillis();
                if (wait <= 0) {
                    if (!abortable || aborting) throw new SocketTimeoutException("the terminal did not finish the command in time");
                    aborting = true;
                    abortDeadline = System.currentTimeMillis() + settings.abortGrace().toMillis();
                    log.info("Card terminal {}: no result in time, aborting the command", settings);
                    send(Commands.abort());
                    continue;
                }
                try {
                    next = read(wait);
                } catch (SocketTimeoutException e) {
                    continue;
                }
            }
            Apdu a = next;
            next = null;
            log.debug("Card terminal {}: received {}", settings, a);
            if (a.is(0x04, 0xFF)) {
                send(Apdu.ACK);
                text.accept(IntermediateStatus.parse(a.data()).customerText());
            } else if (a.is(0x04, 0x0F)) {
                send(Apdu.ACK);
                status = StatusInformation.parse(a.data());
            } else if (a.is(0x06, 0x0F)) {
                send(Apdu.ACK);
                return new Exchange(true, 0, status, false);
            } else if (a.is(0x06, 0x1E)) {
                send(Apdu.ACK);
                int code = a.length() > 0 ? a.data()[0] & 0xFF : ZvtCodes.SYSTEM_ERROR;
                return new Exchange(false, code, status, aborting || abortRequested);
            } else if (a.isAck() || a.isNak()) {
                // the terminal's answer to our 06 B0; the transaction's end follows
            } else {
                // print lines (06 D1), text blocks (06 D3) and anything else the terminal wants confirmed
                send(Apdu.ACK);
            }
        }
    }

    private void connectOrFail() throws TerminalException {
        try {
            ensureConnected();
        } catch (IOException e) {
            disconnect();
            throw new TerminalException("the card terminal at " + settings.host() + ":" + settings.port()
                    + " is not reachable (" + e.getMessage() + ")", false, e);
        } catch (Refused e) {
            disconnect();
            throw new TerminalException("the card terminal refused the registration; check the terminal password: " + e.getMessage());
        }
    }

    private void ensureConnected() throws IOException, Refused {
        if (socket != null && !socket.isClosed()) return;
        Socket s = new Socket();
        s.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.connectTimeout().toMillis());
        s.setTcpNoDelay(true);
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
        Exchange x = exchange(Commands.registration(settings.password(), settings.configByte(), settings.currencyNumeric()), t -> {},
                settings.ackTimeout().toMillis() * 4, false);
        if (!x.completed()) {
            throw new Refused(x.abortCode());
        }
        log.info("Card terminal {}: registered", settings);
    }

    private void send(Apdu apdu) throws IOException {
        synchronized (writeLock) {
            OutputStream o = out;
            if (o == null) throw new IOException("not connected");
            o.write(apdu.encode());
            o.flush();
        }
    }

    private Apdu read(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
        return Apdu.read(in);
    }

    private void disconnect() {
        synchronized (writeLock) {
            try {
                if (socket != null) socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
