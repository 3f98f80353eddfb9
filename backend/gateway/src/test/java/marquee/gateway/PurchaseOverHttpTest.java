package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole web purchase over real HTTP against the real backend. */
class PurchaseOverHttpTest {
    static LiveGateway live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveGateway.get();
    }

    static String register(String name) throws Exception {
        String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var registered = live.post("/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"Secret2026pw\",\"display_name\":\"" + name + "\"}", null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.string("email")).isEqualTo(email);
        assertThat(registered.string("role")).isEqualTo("CUSTOMER");
        return live.login(email, "Secret2026pw");
    }

    /** A scheduled showtime at least an hour away, at the first cinema. */
    static String futureShowtime() throws Exception {
        var cinemas = live.get("/cinemas", null);
        assertThat(cinemas.status()).as(cinemas.toString()).isEqualTo(200);
        Struct cinema = cinemas.json().getFieldsOrThrow("cinemas").getListValue().getValues(0).getStructValue();
        String cinemaId = cinema.getFieldsOrThrow("id").getStringValue();
        String date = LocalDate.now(ZoneId.of(cinema.getFieldsOrThrow("timeZone").getStringValue())).toString();

        var movies = live.get("/movies?cinema_id=" + cinemaId + "&date=" + date, null);
        assertThat(movies.status()).as(movies.toString()).isEqualTo(200);
        assertThat(movies.json().getFieldsOrThrow("movies").getListValue().getValuesList()).isNotEmpty();

        var showtimes = live.get("/showtimes?cinema_id=" + cinemaId + "&date=" + date + "&days=7", null);
        assertThat(showtimes.status()).as(showtimes.toString()).isEqualTo(200);
        List<Value> list = showtimes.json().getFieldsOrThrow("showtimes").getListValue().getValuesList();
        String chosen = null;
        for (Value v : list) {
            Struct s = v.getStructValue();
            Instant startsAt = Instant.parse(s.getFieldsOrThrow("startsAt").getStringValue());
            if (s.getFieldsOrThrow("status").getStringValue().equals("SCHEDULED") && startsAt.isAfter(Instant.now().plusSeconds(3600))) {
                chosen = s.getFieldsOrThrow("id").getStringValue();
            }
        }
        assertThat(chosen).as("a showtime in the next days").isNotNull();
        return chosen;
    }

    @Test
    void registerBrowseHoldChargeAndFetchTickets() throws Exception {
        String token = register("Web Buyer");
        var me = live.get("/me", token);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.string("displayName")).isEqualTo("Web Buyer");

        String showtime = futureShowtime();
        var seatMap = live.get("/showtimes/" + showtime + "/seats", null);
        assertThat(seatMap.status()).as(seatMap.toString()).isEqualTo(200);
        assertThat(seatMap.json().getFieldsOrThrow("hall").getStructValue().getFieldsOrThrow("layout")
                .getStructValue().getFieldsOrThrow("rows").getListValue().getValuesList()).isNotEmpty();

        var suggestion = live.post("/showtimes/" + showtime + "/suggestions", "{\"count\":2}", token);
        assertThat(suggestion.status()).as(suggestion.toString()).isEqualTo(200);
        List<Value> seats = suggestion.json().getFieldsOrThrow("seatIds").getListValue().getValuesList();
        assertThat(seats).hasSize(2);

        String holdBody = "{\"showtime_id\":\"" + showtime + "\",\"seats\":[{\"seat_id\":\"" + seats.get(0).getStringValue()
                + "\"},{\"seatId\":\"" + seats.get(1).getStringValue() + "\",\"ticketType\":\"CHILD\"}],\"idempotency_key\":\""
                + UUID.randomUUID() + "\"}";
        var hold = live.post("/reservations", holdBody, token);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        assertThat(hold.string("status")).isEqualTo("BOOKING_HELD");
        String bookingId = hold.string("id");
        String code = hold.string("code");

        var charge = live.post("/payments/charge", "{\"booking_id\":\"" + bookingId + "\",\"idempotency_key\":\"" + UUID.randomUUID()
                + "\",\"payment\":{\"card\":{\"number\":\"4242424242424242\",\"expiry_month\":12,\"expiry_year\":2030,\"cvc\":\"123\"}}}", token);
        assertThat(charge.status()).as(charge.toString()).isEqualTo(200);
        assertThat(charge.string("outcome")).isEqualTo("COMPLETED");
        assertThat(charge.body()).doesNotContain("4242424242424242");

        var booking = live.get("/bookings/" + code, token);
        assertThat(booking.status()).as(booking.toString()).isEqualTo(200);
        assertThat(booking.string("status")).isEqualTo("BOOKING_CONFIRMED");

        var tickets = live.get("/bookings/" + code + "/tickets", token);
        assertThat(tickets.status()).as(tickets.toString()).isEqualTo(200);
        List<Value> issued = tickets.json().getFieldsOrThrow("tickets").getListValue().getValuesList();
        assertThat(issued).hasSize(2);
        assertThat(issued).allSatisfy(t -> assertThat(t.getStructValue().getFieldsOrThrow("qrPayload").getStringValue()).isNotEmpty());

        var mine = live.get("/me/bookings", token);
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.body()).contains(code);

        // Another customer may neither cancel nor read this booking; its owner may cancel it.
        String stranger = register("Stranger");
        var cancelByStranger = live.post("/bookings/" + bookingId + "/cancel", "{\"reason\":\"not mine\"}", stranger);
        // reservations does not even reveal that another customer's booking exists: 404 (403 would do too)
        assertThat(cancelByStranger.status()).as(cancelByStranger.toString()).isIn(403, 404);
        assertThat(cancelByStranger.string("error")).isIn("PERMISSION_DENIED", "NOT_FOUND");
        assertThat(live.get("/bookings/" + code, stranger).status()).isIn(403, 404);
        assertThat(live.get("/bookings/" + code + "/tickets", stranger).status()).isIn(403, 404);
        assertThat(cancelByStranger.string("message")).isNotBlank();
        var cancel = live.post("/bookings/" + bookingId + "/cancel", "{\"reason\":\"changed plans\"}", token);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(cancel.string("status")).isEqualTo("BOOKING_CANCELLED");
    }

    @Test
    void aHoldCanBeReleasedAndAHeaderIdempotencyKeyIsUsed() throws Exception {
        String token = live.login("customer@marquee.demo", "Customer2026!");
        String showtime = futureShowtime();
        var suggestion = live.post("/showtimes/" + showtime + "/suggestions", "{\"count\":1}", token);
        assertThat(suggestion.status()).as(suggestion.toString()).isEqualTo(200);
        String seat = suggestion.json().getFieldsOrThrow("seatIds").getListValue().getValues(0).getStringValue();
        String body = "{\"showtimeId\":\"" + showtime + "\",\"seats\":[{\"seatId\":\"" + seat + "\"}]}";
        String key = UUID.randomUUID().toString();
        var first = live.sendWithHeader("POST", "/reservations", body, token, "Idempotency-Key", key);
        var retry = live.sendWithHeader("POST", "/reservations", body, token, "Idempotency-Key", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.string("id")).isEqualTo(first.string("id"));

        var child = live.send("PUT", "/reservations/" + first.string("id") + "/seats",
                "{\"seats\":[{\"seatId\":\"" + seat + "\",\"ticketType\":\"CHILD\"}]}", token);
        assertThat(child.status()).as(child.toString()).isEqualTo(200);
        assertThat(child.json().getFieldsOrThrow("lines").getListValue().getValues(0).getStructValue()
                .getFieldsOrThrow("ticketType").getStringValue()).isEqualTo("CHILD");
        var otherSeat = live.send("PUT", "/reservations/" + first.string("id") + "/seats",
                "{\"seats\":[{\"seatId\":\"ZZ99\"}]}", token);
        assertThat(otherSeat.status()).as(otherSeat.toString()).isEqualTo(400);

        var declined = live.post("/payments/charge", "{\"bookingId\":\"" + first.string("id") + "\",\"idempotencyKey\":\"" + UUID.randomUUID()
                + "\",\"payment\":{\"card\":{\"number\":\"4000000000000002\",\"expiryMonth\":12,\"expiryYear\":2030,\"cvc\":\"123\"}}}", token);
        assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
        assertThat(declined.string("outcome")).isEqualTo("PAYMENT_DECLINED");
        assertThat(declined.body()).doesNotContain("4000000000000002");

        var released = live.send("DELETE", "/reservations/" + first.string("id"), (String) null, token);
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.string("status")).isEqualTo("BOOKING_RELEASED");
    }

    @Test
    void aCustomerCannotReadAnotherUser() throws Exception {
        String manager = live.login("manager@marquee.demo", "Manager2026!");
        String managerId = live.get("/me", manager).string("id");
        String customer = live.login("customer@marquee.demo", "Customer2026!");
        String customerId = live.get("/me", customer).string("id");

        var denied = live.get("/users/" + managerId, customer);
        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.string("error")).isEqualTo("PERMISSION_DENIED");
        var own = live.get("/users/" + customerId, customer);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        var byManager = live.get("/users/" + customerId, manager);
        assertThat(byManager.status()).as(byManager.toString()).isEqualTo(200);
    }
}
