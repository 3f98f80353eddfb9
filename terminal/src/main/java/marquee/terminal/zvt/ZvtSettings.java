package marquee.terminal.zvt;

import java.time.Duration;

/**
 * Where the terminal is and how to talk to it.
 *
 * @param host               terminal address
 * @param port               ZVT port, 20007 by default
 * @param password           the terminal's six-digit ECR password (set on the terminal by the cinema's IT)
 * @param currency           ISO 4217 letters, sent as BMP 49; the terminal must be set up for it
 * @param configByte         registration config byte: 0x08 intermediate status on, PT prints its receipts
 * @param connectTimeout     TCP connect
 * @param ackTimeout         the terminal's 80 00 00 to a command (the spec's T3 is 5 s)
 * @param transactionTimeout how long a payment may take with the customer at the terminal
 * @param abortGrace         after the app aborts, how long the terminal has to end the transaction
 */
public record ZvtSettings(String host, int port, String password, String currency, int configByte, Duration connectTimeout,
                          Duration ackTimeout, Duration transactionTimeout, Duration abortGrace) {
    public static final int DEFAULT_PORT = 20007;

    public static ZvtSettings of(String host, int port, String password, String currency) {
        return new ZvtSettings(host, port, password, currency, 0x08, Duration.ofSeconds(3), Duration.ofSeconds(5),
                Duration.ofMinutes(3), Duration.ofSeconds(15));
    }

    public ZvtSettings withTimeouts(Duration ack, Duration transaction, Duration abortGrace) {
        return new ZvtSettings(host, port, password, currency, configByte, connectTimeout, ack, transaction, abortGrace);
    }

    public int currencyNumeric() {
        return currency == null || currency.isBlank() ? 0 : ZvtCodes.currencyNumeric(currency.strip());
    }

    @Override
    public String toString() {
        return "ZvtSettings[" + host + ":" + port + ", " + currency + "]"; // never the password
    }
}
