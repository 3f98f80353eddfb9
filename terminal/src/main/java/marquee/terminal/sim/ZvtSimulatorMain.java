package marquee.terminal.sim;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The terminal simulator as a demo process. Listens on 127.0.0.1 (port from the first argument or
 * MARQUEE_TERMINAL_SIM_PORT, default 20007), password 000000, EUR. Type the next payment's outcome
 * on standard input: approve, decline, pin, abort, timeout, cut-before, cut-after; "batch" prints
 * the open batch, "quit" ends.
 */
public final class ZvtSimulatorMain {
    private ZvtSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.parseInt(System.getenv().getOrDefault("MARQUEE_TERMINAL_SIM_PORT", "20007"));
        String password = System.getenv().getOrDefault("MARQUEE_TERMINAL_SIM_PASSWORD", "000000");
        String currency = System.getenv().getOrDefault("MARQUEE_TERMINAL_SIM_CURRENCY", "EUR");
        try (ZvtSimulator sim = new ZvtSimulator(port, "52500001", password, currency)) {
            sim.stepDelay(Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("MARQUEE_TERMINAL_SIM_STEP_MS", "1200"))));
            System.out.println("ZVT terminal simulator on 127.0.0.1:" + sim.port()
                    + " - next outcome: approve | decline | pin | abort | timeout | cut-before | cut-after; batch; quit");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.strip().toLowerCase(Locale.ROOT)) {
                    case "approve" -> sim.next(ZvtSimulator.Scenario.APPROVE);
                    case "decline" -> sim.next(ZvtSimulator.Scenario.DECLINE);
                    case "pin" -> sim.next(ZvtSimulator.Scenario.PIN_RETRY);
                    case "abort" -> sim.next(ZvtSimulator.Scenario.CUSTOMER_ABORT);
                    case "timeout" -> sim.next(ZvtSimulator.Scenario.TIMEOUT);
                    case "cut-before" -> sim.next(ZvtSimulator.Scenario.CUT_BEFORE_APPROVAL);
                    case "cut-after" -> sim.next(ZvtSimulator.Scenario.CUT_AFTER_APPROVAL);
                    case "batch" -> System.out.println(sim.batch() + " net " + sim.batchTotal());
                    case "quit", "exit" -> {
                        return;
                    }
                    case "" -> { }
                    default -> System.out.println("unknown: " + line);
                }
            }
            // no console (started in the background): run until killed
            Thread.currentThread().join();
        }
    }
}
