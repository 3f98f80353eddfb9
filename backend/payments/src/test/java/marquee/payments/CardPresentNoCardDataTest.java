package marquee.payments;

import static marquee.payments.Fixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import marquee.common.v1.Money;
import marquee.payments.v1.ChargeRequest;
import marquee.payments.v1.CloseShiftRequest;
import marquee.payments.v1.GetPaymentRequest;
import marquee.payments.v1.Payment;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.payments.v1.TerminalTotals;
import marquee.platform.testing.TestBackend;
import marquee.reservations.v1.CardPresentResult;
import marquee.reservations.v1.PaymentMethod;
import marquee.terminal.EndOfDayTotals;
import marquee.terminal.TerminalResult;
import marquee.terminal.sim.ZvtSimulator;
import marquee.terminal.zvt.ZvtSettings;
import marquee.terminal.zvt.ZvtTerminal;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A card-present sale end to end — the ZVT terminal simulator over TCP approves, the result goes to
 * payments over real gRPC, a refund and a shift close follow — and no card number or CVC appears in
 * any gRPC message (both directions), any table of the payments schema or any log line.
 */
class CardPresentNoCardDataTest {
    /** 13–19 digits, spaces or dashes allowed between them: what a card number looks like. */
    private static final Pattern PAN = Pattern.compile("(?<![0-9])(?:[0-9][ -]?){12,18}[0-9](?![0-9])");

    @Test
    void aCardPresentSaleLeavesNoCardNumberOrCvcInMessagesTablesOrLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> messages = new CopyOnWriteArrayList<>();
        try (Fixture fixture = new Fixture(); ZvtSimulator sim = ZvtSimulator.start()) {
            sim.stepDelay(Duration.ofMillis(10));
            ZvtTerminal terminal = new ZvtTerminal(ZvtSettings.of("127.0.0.1", sim.port(), "000000", "EUR"));
            String cashier = fixture.cashier();
            var shift = fixture.openShift(cashier, 0);
            PaymentsServiceGrpc.PaymentsServiceBlockingStub payments = TestBackend.as(
                    PaymentsServiceGrpc.newBlockingStub(fixture.backend.channel()).withInterceptors(capture(messages)), cashier);

            String booking = fixture.heldBooking(UUID.randomUUID().toString(), 2350);
            TerminalResult approved = terminal.pay(2350, text -> { });
            assertThat(approved.approved()).isTrue();
            Payment payment = payments.charge(ChargeRequest.newBuilder().setBookingId(booking).setIdempotencyKey(key())
                    .setMethod(PaymentMethod.newBuilder().setCardPresent(CardPresentResult.newBuilder()
                            .setTerminalId(approved.terminalId()).setTraceNumber(approved.traceNumber())
                            .setReceiptNumber(approved.receiptNumber()).setAuthCode(approved.authCode())
                            .setMaskedPan(approved.maskedPan()).setCardBrand(approved.cardBrand())
                            .setAmount(Money.newBuilder().setAmountMinor(approved.amountMinor()).setCurrency(approved.currency()))
                            .setProtocol("ZVT"))).build());
            payments.getPayment(GetPaymentRequest.newBuilder().setPaymentId(payment.getId()).build());
            payments.refund(Fixture.refund(payment.getId(), 350).build());
            assertThat(terminal.refund(350, text -> { }).approved()).isTrue();
            EndOfDayTotals eod = terminal.endOfDay();
            var report = payments.closeShift(CloseShiftRequest.newBuilder().setShiftId(shift.getId()).setCountedMinor(0)
                    .setIdempotencyKey(key()).setTerminalTotals(TerminalTotals.newBuilder().setTerminalId(eod.terminalId())
                            .setTotal(Money.newBuilder().setAmountMinor(eod.totalMinor()).setCurrency(eod.currency()))
                            .setCount(eod.count()).setTraceNumber(eod.traceNumber())).build());
            terminal.close();
            assertThat(report.getTerminalReconciliation().getDifference().getAmountMinor()).isZero();

            String all = String.join("\n", messages);
            // the checker sees the data it should: last four, terminal id
            assertThat(all).contains(approved.last4()).contains(approved.terminalId());
            assertNoCardData("gRPC messages", all);
            // no CardDetails (card { number: … cvc: … }) was ever sent
            assertThat(all.toLowerCase()).doesNotContain("cvc").doesNotContainPattern("(?m)^\\s*card \\{").doesNotContainPattern("(?m)^\\s*number:");
            String tables = fixture.backend.snapshot("payments");
            assertThat(tables).contains(approved.last4());
            assertNoCardData("payments schema", tables);
        } finally {
            root.detachAppender(logs);
        }
        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            logged.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) logged.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
        assertThat(logged.toString()).contains("card present at terminal");
        assertNoCardData("log output", logged.toString());
    }

    /** No run of 13–19 digits that passes the Luhn check (a card number), anywhere. */
    private static void assertNoCardData(String where, String raw) {
        // bytea columns (the outbox's protobuf payloads) print as hex, whose digit runs pass Luhn one
        // time in ten: read them as the bytes they are, so a card number inside still shows
        String text = decodeHex(raw);
        // ids are UUIDs, whose all-digit groups joined by dashes could pass for a number
        text = text.replaceAll("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>");
        // temporary directories carry a random number of up to 19 digits (one in ten passes Luhn)
        text = text.replaceAll(java.util.regex.Pattern.quote(System.getProperty("java.io.tmpdir")) + "\\S*", "<tmp>");
        Matcher m = PAN.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[^0-9]", "");
            assertThat(luhn(digits)).as("%s holds a card number-like %s in: %s", where, m.group(),
                    text.substring(Math.max(0, m.start() - 150), Math.min(text.length(), m.end() + 50))).isFalse();
        }
    }

    /** Long runs of hex pairs (48+ characters) as their printable bytes; everything else as it is. */
    private static String decodeHex(String raw) {
        Matcher hex = java.util.regex.Pattern.compile("(?<![0-9a-fA-F])(?:[0-9a-f]{2}){24,}(?![0-9a-fA-F])").matcher(raw);
        StringBuilder out = new StringBuilder();
        while (hex.find()) {
            String run = hex.group();
            StringBuilder bytes = new StringBuilder(run.length() / 2);
            for (int i = 0; i < run.length(); i += 2) {
                int b = Integer.parseInt(run, i, i + 2, 16);
                bytes.append(b >= 0x20 && b < 0x7f ? (char) b : ' ');
            }
            hex.appendReplacement(out, Matcher.quoteReplacement(bytes.toString()));
        }
        hex.appendTail(out);
        return out.toString();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** Records every request and response message of the calls, in protobuf text format. */
    private static ClientInterceptor capture(List<String> messages) {
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void sendMessage(Q message) {
                        messages.add(json(message));
                        super.sendMessage(message);
                    }

                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onMessage(A message) {
                                messages.add(json(message));
                                super.onMessage(message);
                            }
                        }, headers);
                    }
                };
            }
        };
    }

    private static String json(Object message) {
        return String.valueOf(message); // protobuf text format: field names and values
    }
}
