package marquee.reservations;

import java.time.Duration;
import marquee.platform.config.Config;
import marquee.reservations.v1.OfflineSalesPolicy;
import marquee.theaters.v1.SalesRules;

/**
 * The environment defaults of offline selling and how a cinema's SalesRules (fields 220-224)
 * resolve against them: seats 0 = the default (MARQUEE_RESERVATIONS_OFFLINE_SEATS, 4), -1 = off;
 * return minutes and hours ahead 0 = the defaults (..._OFFLINE_RETURN_MINUTES 30,
 * ..._OFFLINE_HOURS_AHEAD 24). A terminal sells from an allocation until sell_until =
 * returns_at - ..._OFFLINE_SELL_MARGIN (10 minutes), so a terminal whose clock is a little off
 * never sells a seat that was already returned.
 */
record OfflinePolicy(int defaultSeats, int defaultReturnMinutes, int defaultHoursAhead, Duration sellMargin) {
    static final OfflinePolicy DEFAULTS = new OfflinePolicy(4, 30, 24, Duration.ofMinutes(10));

    static OfflinePolicy from(Config config) {
        return new OfflinePolicy(
                Math.max(0, Math.min(50, config.getInt("marquee.reservations.offline.seats", DEFAULTS.defaultSeats()))),
                Math.max(0, config.getInt("marquee.reservations.offline.return.minutes", DEFAULTS.defaultReturnMinutes())),
                Math.max(1, Math.min(14 * 24, config.getInt("marquee.reservations.offline.hours.ahead", DEFAULTS.defaultHoursAhead()))),
                config.getDuration("marquee.reservations.offline.sell.margin", DEFAULTS.sellMargin()));
    }

    /** The policy in force for a cinema with these rules. */
    OfflineSalesPolicy resolve(SalesRules rules, String currency) {
        int seats = rules.getOfflineSeatsPerShowtime() < 0 ? 0
                : rules.getOfflineSeatsPerShowtime() == 0 ? defaultSeats : rules.getOfflineSeatsPerShowtime();
        return OfflineSalesPolicy.newBuilder()
                .setSeatsPerShowtime(seats)
                .setKiosksAllowed(rules.getOfflineKiosksAllowed())
                .setCardFloorLimitMinor(rules.getOfflineCardFloorLimitMinor())
                .setReturnMinutesBefore(rules.getOfflineReturnMinutesBefore() > 0 ? rules.getOfflineReturnMinutesBefore()
                        : defaultReturnMinutes)
                .setHoursAhead(rules.getOfflineHoursAhead() > 0 ? rules.getOfflineHoursAhead() : defaultHoursAhead)
                .setCurrency(currency == null ? "" : currency)
                .build();
    }
}
