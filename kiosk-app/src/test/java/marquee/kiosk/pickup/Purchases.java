package marquee.kiosk.pickup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import marquee.kiosk.backend.BackendClient;
import marquee.kiosk.model.CheckoutOutcome;
import marquee.kiosk.model.CheckoutResult;
import marquee.kiosk.model.CinemaInfo;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.model.TicketType;

/** Buying tickets through the real backend, as the kiosk's purchase screens do. */
public final class Purchases {
    public static final String GOOD_CARD = "4242424242424242";

    private Purchases() {}

    /** Today's or tomorrow's showtimes that have not started yet, earliest first. */
    public static List<ShowtimeInfo> upcoming(BackendClient client, CinemaInfo cinema) {
        LocalDate today = LocalDate.now(ZoneId.of(cinema.timeZone()));
        Instant soon = Instant.now().plus(Duration.ofMinutes(30));
        return java.util.stream.Stream.of(today, today.plusDays(1))
                .flatMap(day -> client.showtimes(cinema.id(), day).stream())
                .filter(s -> s.startsAt().isAfter(soon))
                .toList();
    }

    public static CheckoutResult buy(BackendClient client, String showtimeId, int seats) {
        List<String> chosen = client.suggestSeats(showtimeId, seats);
        if (chosen.size() != seats) throw new IllegalStateException("No " + seats + " seats together left");
        Map<String, TicketType> types = new LinkedHashMap<>();
        chosen.forEach(seat -> types.put(seat, TicketType.ADULT));
        var hold = client.hold(showtimeId, types, UUID.randomUUID().toString());
        CheckoutResult result = client.checkoutWithCard(hold.id(), GOOD_CARD, 12, 2030, "123", UUID.randomUUID().toString());
        if (result.outcome() != CheckoutOutcome.COMPLETED) throw new IllegalStateException("Checkout " + result.outcome() + ": " + result.message());
        return result;
    }
}
