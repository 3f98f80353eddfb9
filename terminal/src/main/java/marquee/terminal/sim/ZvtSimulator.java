package marquee.terminal.sim;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import marquee.terminal.zvt.Apdu;
import marquee.terminal.zvt.Bcd;
import marquee.terminal.zvt.Bmp;
import marquee.terminal.zvt.Commands;
import marquee.terminal.zvt.ZvtCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A card terminal that speaks ZVT on a TCP port, for tests and the demo: no card, no processor,
 * but the same bytes a real terminal sends. What the next payment does is chosen with
 * {@link #next(Scenario...)} (approve by default). It keeps a batch like a terminal does, so
 * reversals, refunds and the end-of-day totals add up.
 */
public final class ZvtSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZvtSimulator.class);

    /** What the next authorisation does. */
    public enum Scenario {
        /** insert card → enter PIN → authorising → approved */
        APPROVE,
        /** the issuer declines (result code 05) */
        DECLINE,
        /** a wrong PIN first ("incorrect PIN"), then the right one: approved */
        PIN_RETRY,
        /** the customer presses the terminal's abort key (result code 6C) */
        CUSTOMER_ABORT,
        /** the terminal goes silent after "insert card" until the ECR aborts (06 B0) */
        TIMEOUT,
        /** the connection is cut after "insert card": nothing was charged */
        CUT_BEFORE_APPROVAL,
        /** the terminal approves and books the payment, then the connection is cut before the ECR hears of it */
        CUT_AFTER_APPROVAL
    }

    /** One booked transaction of the open batch. */
    public record Booked(String trace, String receipt, long amountMinor, boolean refund, String cardBrand, boolean reversed) {}

    private final ServerSocket server;
    private final String terminalId;
    private final String password;
    private final int currencyNumeric;
    private final Deque<Scenario> scenarios = new ConcurrentLinkedDeque<>();
    private final List<Booked> batch = new ArrayList<>();
    private final List<Socket> connections = new ArrayList<>();
    private volatile Duration stepDelay = Duration.ofMillis(60);
    private volatile boolean closed;
    private int trace;
    private int receipt;
    private int authorizations;
    private byte[] lastStatus;
    private int cardIndex;

    private static final String[][] CARDS = {
            // masked PAN, card name, card type (BMP 8A)
            {"************4771", "Debit Mastercard", "46"},
            {"************0119", "VISA", "10"},
            {"************3456", "girocard", "5"},
    };

    public ZvtSimulator(int port, String terminalId, String password, String currency) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.terminalId = terminalId;
        this.password = password;
        this.currencyNumeric = ZvtCodes.currencyNumeric(currency);
        Thread acceptor = new Thread(this::acceptLoop, "zvt-sim-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("ZVT terminal simulator {} listening on port {}", terminalId, port());
    }

    /** On an ephemeral port with terminal id 52500001, password 000000 and EUR: for tests. */
    public static ZvtSimulator start() throws IOException {
        return new ZvtSimulator(0, "52500001", "000000", "EUR");
    }

    public int port() {
        return server.getLocalPort();
    }

    public String terminalId() {
        return terminalId;
    }

    public void next(Scenario... next) {
        scenarios.addAll(List.of(next));
    }

    public void stepDelay(Duration delay) {
        this.stepDelay = delay;
    }

    /** Authorisations the terminal received (06 01), whatever became of them. */
    public synchronized int authorizations() {
        return authorizations;
    }

    /** Payments approved in the open batch and not reversed. */
    public synchronized List<Booked> approvedPayments() {
        return batch.stream().filter(b -> !b.refund() && !b.reversed()).toList();
    }

    public synchronized List<Booked> batch() {
        return List.copyOf(batch);
    }

    /** Net of the open batch: payments − refunds, reversed payments left out. */
    public synchronized long batchTotal() {
        return batch.stream().filter(b -> !b.reversed()).mapToLong(b -> b.refund() ? -b.amountMinor() : b.amountMinor()).sum();
    }

    /** Cuts every open connection, as a terminal that reboots or loses its network would. */
    public synchronized void dropConnections() {
        for (Socket s : connections) closeQuietly(s);
        connections.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        dropConnections();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                synchronized (this) {
                    connections.add(socket);
                }
                Thread t = new Thread(() -> serve(socket), "zvt-sim-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) log.warn("ZVT simulator: accept failed", e);
            }
        }
    }

    /** One ECR connection: a reader thread queues what arrives, this thread plays the terminal. */
    private void serve(Socket socket) {
        BlockingQueue<Apdu> incoming = new LinkedBlockingQueue<>();
        Apdu eof = Apdu.of(0xFF, 0xFF);
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    while (true) incoming.add(Apdu.read(in));
                } catch (IOException e) {
                    incoming.add(eof);
                }
            }, "zvt-sim-read");
            reader.setDaemon(true);
            reader.start();
            Session session = new Session(socket, out, incoming, eof);
            while (!closed) {
                Apdu command = incoming.take();
                if (command == eof) break;
                session.handle(command);
            }
        } catch (Cut e) {
            log.info("ZVT simulator: connection cut ({})", e.getMessage());
        } catch (IOException | InterruptedException e) {
            log.debug("ZVT simulator: connection ended ({})", e.toString());
        } finally {
            closeQuietly(socket);
            synchronized (this) {
                connections.remove(socket);
            }
        }
    }

    private static final class Cut extends IOException {
        Cut(String why) {
            super(why);
        }
    }

    private final class Session {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<Apdu> incoming;
        private final Apdu eof;

        Session(Socket socket, OutputStream out, BlockingQueue<Apdu> incoming, Apdu eof) {
            this.socket = socket;
            this.out = out;
            this.incoming = incoming;
            this.eof = eof;
        }

        void handle(Apdu c) throws IOException, InterruptedException {
            if (c.isAck() || c.isNak()) return;
            if (c.is(0x06, 0x00)) registration(c);
            else if (c.is(0x06, 0x01)) authorization(c);
            else if (c.is(0x06, 0x30)) reversal(c);
            else if (c.is(0x06, 0x31)) refund(c);
            else if (c.is(0x06, 0x50)) endOfDay(c);
            else if (c.is(0x06, 0x20)) repeatReceipt(c);
            else if (c.is(0x05, 0x01)) statusEnquiry(c);
            else if (c.is(0x06, 0xB0)) {
                send(Apdu.ACK); // nothing running: nothing to abort
                send(Commands.ptAbort(ZvtCodes.FUNCTION_NOT_POSSIBLE));
                awaitAck();
            } else send(Apdu.nak(ZvtCodes.FUNCTION_NOT_POSSIBLE));
        }

        private boolean passwordOk(Apdu c) {
            byte[] d = c.data();
            return d.length >= 3 && Bcd.digits(d, 0, 3).equals(password);
        }

        void registration(Apdu c) throws IOException, InterruptedException {
            if (!passwordOk(c)) {
                send(Apdu.nak(0x6B));
                return;
            }
            send(Apdu.ACK);
            completion(new Bmp.Writer().fixed(Bmp.PAYMENT_TYPE, (byte) 0).fixed(Bmp.TERMINAL_ID, Bcd.encodeDigits(terminalId))
                    .fixed(Bmp.CURRENCY, Bcd.encode(currencyNumeric, 2)).bytes());
        }

        void authorization(Apdu c) throws IOException, InterruptedException {
            var fields = Bmp.parse(c.data());
            long amount = Bmp.find(fields, Bmp.AMOUNT).map(Bmp.Field::bcdValue).orElse(0L);
            int currency = Bmp.find(fields, Bmp.CURRENCY).map(f -> (int) f.bcdValue()).orElse(currencyNumeric);
            synchronized (ZvtSimulator.this) {
                authorizations++;
            }
            Scenario scenario = scenarios.isEmpty() ? Scenario.APPROVE : scenarios.poll();
            log.info("ZVT simulator: authorisation of {} minor units, scenario {}", amount, scenario);
            send(Apdu.ACK);
            if (currency != currencyNumeric) {
                abortWith(ZvtCodes.WRONG_CURRENCY);
                return;
            }
            if (intermediate(ZvtCodes.INSERT_CARD)) return;
            switch (scenario) {
                case CUSTOMER_ABORT -> abortWith(ZvtCodes.ABORT_TIMEOUT_OR_KEY);
                case TIMEOUT -> {
                    while (true) {
                        Apdu a = incoming.take();
                        if (a == eof) throw new Cut("ECR went away while the terminal was silent");
                        if (a.is(0x06, 0xB0)) {
                            send(Apdu.ACK);
                            abortWith(ZvtCodes.ABORT_TIMEOUT_OR_KEY);
                            return;
                        }
                    }
                }
                case CUT_BEFORE_APPROVAL -> throw new Cut("cut before approval");
                default -> {
                    if (intermediate(ZvtCodes.WATCH_PIN_PAD)) return;
                    if (scenario == Scenario.PIN_RETRY) {
                        if (intermediate(ZvtCodes.INCORRECT_PIN)) return;
                        if (intermediate(ZvtCodes.WATCH_PIN_PAD)) return;
                    }
                    if (intermediate(ZvtCodes.WAITING_FOR_FEP)) return;
                    if (scenario == Scenario.DECLINE) {
                        byte[] status = book(amount, false, 0x05);
                        send(new Apdu(0x04, 0x0F, status));
                        awaitAck();
                        abortWith(0x05);
                        return;
                    }
                    byte[] status = book(amount, false, 0);
                    if (scenario == Scenario.CUT_AFTER_APPROVAL) throw new Cut("cut after approval");
                    send(new Apdu(0x04, 0x0F, status));
                    awaitAck();
                    if (intermediate(ZvtCodes.REMOVE_CARD)) return;
                    completion(new byte[0]);
                }
            }
        }

        void reversal(Apdu c) throws IOException, InterruptedException {
            if (!passwordOk(c)) {
                send(Apdu.nak(0x6B));
                return;
            }
            var fields = Bmp.parse(c.data(), 3);
            String wanted = Bmp.find(fields, Bmp.RECEIPT).map(Bmp.Field::digits).orElse("");
            send(Apdu.ACK);
            Booked target;
            synchronized (ZvtSimulator.this) {
                target = batch.stream().filter(b -> b.receipt().equals(wanted) && !b.refund()).findFirst().orElse(null);
            }
            if (target == null) {
                abortWith(ZvtCodes.REVERSAL_NOT_POSSIBLE);
                return;
            }
            if (target.reversed()) {
                abortWith(ZvtCodes.ALREADY_REVERSED);
                return;
            }
            byte[] status;
            synchronized (ZvtSimulator.this) {
                batch.set(batch.indexOf(target), new Booked(target.trace(), target.receipt(), target.amountMinor(), false,
                        target.cardBrand(), true));
                trace++;
                status = statusInfo(0, target.amountMinor(), trace, Integer.parseInt(target.receipt()), 0);
                lastStatus = status;
            }
            send(new Apdu(0x04, 0x0F, status));
            awaitAck();
            completion(new byte[0]);
        }

        void refund(Apdu c) throws IOException, InterruptedException {
            if (!passwordOk(c)) {
                send(Apdu.nak(0x6B));
                return;
            }
            long amount = Bmp.find(Bmp.parse(c.data(), 3), Bmp.AMOUNT).map(Bmp.Field::bcdValue).orElse(0L);
            send(Apdu.ACK);
            if (intermediate(ZvtCodes.INSERT_CARD)) return;
            byte[] status = book(amount, true, 0);
            send(new Apdu(0x04, 0x0F, status));
            awaitAck();
            completion(new byte[0]);
        }

        void endOfDay(Apdu c) throws IOException, InterruptedException {
            if (!passwordOk(c)) {
                send(Apdu.nak(0x6B));
                return;
            }
            send(Apdu.ACK);
            byte[] status;
            synchronized (ZvtSimulator.this) {
                long total = Math.max(0, batchTotal());
                List<Booked> counted = batch.stream().filter(b -> !b.reversed()).toList();
                trace++;
                Bmp.Writer totals = new Bmp.Writer()
                        .raw(Bcd.encode(counted.isEmpty() ? 0 : Integer.parseInt(counted.get(0).receipt()), 2))
                        .raw(Bcd.encode(receipt, 2));
                // per card family: count (binary) and total (BCD); everything in "remaining cards" here
                for (int group = 0; group < 6; group++) totals.raw((byte) 0).raw(Bcd.amount(0));
                totals.raw((byte) Math.min(255, counted.size())).raw(Bcd.amount(total));
                LocalDateTime now = LocalDateTime.now();
                status = new Bmp.Writer().fixed(Bmp.RESULT_CODE, (byte) 0).fixed(Bmp.AMOUNT, Bcd.amount(total))
                        .fixed(Bmp.TRACE, Bcd.encode(trace, 3))
                        .fixed(Bmp.TIME, Bcd.encodeDigits(now.format(DateTimeFormatter.ofPattern("HHmmss"))))
                        .fixed(Bmp.DATE, Bcd.encodeDigits(now.format(DateTimeFormatter.ofPattern("MMdd"))))
                        .fixed(Bmp.TERMINAL_ID, Bcd.encodeDigits(terminalId))
                        .fixed(Bmp.CURRENCY, Bcd.encode(currencyNumeric, 2))
                        .lllvar(Bmp.TOTALS, totals.bytes()).bytes();
                batch.clear();
            }
            send(new Apdu(0x04, 0x0F, status));
            awaitAck();
            completion(new byte[0]);
        }

        void repeatReceipt(Apdu c) throws IOException, InterruptedException {
            if (!passwordOk(c)) {
                send(Apdu.nak(0x6B));
                return;
            }
            byte[] status;
            synchronized (ZvtSimulator.this) {
                status = lastStatus;
            }
            send(Apdu.ACK);
            if (status == null) {
                abortWith(ZvtCodes.FUNCTION_NOT_POSSIBLE);
                return;
            }
            send(new Apdu(0x04, 0x0F, status));
            awaitAck();
            completion(new byte[0]);
        }

        void statusEnquiry(Apdu c) throws IOException, InterruptedException {
            send(Apdu.ACK);
            send(new Apdu(0x04, 0x0F, new Bmp.Writer().fixed(Bmp.RESULT_CODE, (byte) 0)
                    .fixed(Bmp.TERMINAL_ID, Bcd.encodeDigits(terminalId)).bytes()));
            awaitAck();
            completion(new byte[0]);
        }

        /** Books a transaction in the batch and returns its Status-Information data. */
        private byte[] book(long amount, boolean refund, int resultCode) {
            synchronized (ZvtSimulator.this) {
                trace++;
                String[] card = CARDS[cardIndex++ % CARDS.length];
                byte[] status;
                if (resultCode == 0) {
                    receipt++;
                    status = statusInfo(0, amount, trace, receipt, cardIndex - 1);
                    batch.add(new Booked(String.format("%06d", trace), String.format("%04d", receipt), amount, refund, card[1], false));
                } else {
                    status = statusInfo(resultCode, amount, trace, -1, cardIndex - 1);
                }
                lastStatus = status;
                return status;
            }
        }

        private byte[] statusInfo(int resultCode, long amount, int traceNo, int receiptNo, int cardNo) {
            String[] card = CARDS[Math.floorMod(cardNo, CARDS.length)];
            LocalDateTime now = LocalDateTime.now();
            Bmp.Writer w = new Bmp.Writer().fixed(Bmp.RESULT_CODE, (byte) resultCode)
                    .fixed(Bmp.AMOUNT, Bcd.amount(amount))
                    .fixed(Bmp.TRACE, Bcd.encode(traceNo, 3))
                    .fixed(Bmp.TIME, Bcd.encodeDigits(now.format(DateTimeFormatter.ofPattern("HHmmss"))))
                    .fixed(Bmp.DATE, Bcd.encodeDigits(now.format(DateTimeFormatter.ofPattern("MMdd"))))
                    .llvar(Bmp.PAN, Bcd.maskedPan(card[0]))
                    .fixed(Bmp.TERMINAL_ID, Bcd.encodeDigits(terminalId));
            if (resultCode == 0) {
                byte[] auth = new byte[8];
                byte[] code = String.format("%06d", (traceNo * 7919) % 1_000_000).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(code, 0, auth, 0, code.length);
                w.fixed(Bmp.AUTH_CODE, auth);
            }
            w.fixed(Bmp.CURRENCY, Bcd.encode(currencyNumeric, 2));
            if (receiptNo >= 0) w.fixed(Bmp.RECEIPT, Bcd.encode(receiptNo, 2));
            w.fixed(Bmp.CARD_TYPE, (byte) Integer.parseInt(card[2]));
            w.llvar(Bmp.CARD_NAME, (card[1] + "\0").getBytes(StandardCharsets.ISO_8859_1));
            return w.bytes();
        }

        /** Sends an intermediate status, then waits one step; true when the ECR aborted meanwhile (already answered). */
        private boolean intermediate(int status) throws IOException, InterruptedException {
            send(new Apdu(0x04, 0xFF, new byte[] {(byte) status}));
            long until = System.nanoTime() + stepDelay.toNanos();
            while (true) {
                long left = until - System.nanoTime();
                if (left <= 0) return false;
                Apdu a = incoming.poll(left, TimeUnit.NANOSECONDS);
                if (a == null) return false;
                if (a == eof) throw new Cut("ECR went away mid-transaction");
                if (a.is(0x06, 0xB0)) {
                    send(Apdu.ACK);
                    abortWith(ZvtCodes.ABORT_TIMEOUT_OR_KEY);
                    return true;
                }
            }
        }

        private void abortWith(int code) throws IOException, InterruptedException {
            send(Commands.ptAbort(code));
            awaitAck();
        }

        private void completion(byte[] data) throws IOException, InterruptedException {
            send(new Apdu(0x06, 0x0F, data));
            awaitAck();
        }

        private void awaitAck() throws IOException, InterruptedException {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) {
                long left = until - System.nanoTime();
                if (left <= 0) throw new Cut("no acknowledgement from the ECR");
                Apdu a = incoming.poll(left, TimeUnit.NANOSECONDS);
                if (a == null) continue;
                if (a == eof) throw new EOFException("ECR went away");
                if (a.isAck()) return;
                if (a.is(0x06, 0xB0)) send(Apdu.ACK); // too late to abort: the transaction is done
            }
        }

        private void send(Apdu apdu) throws IOException {
            synchronized (out) {
                out.write(apdu.encode());
                out.flush();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
