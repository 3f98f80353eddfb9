package marquee.reservations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.movies.v1.Price;
import marquee.movies.v1.PriceList;
import marquee.platform.errors.InvalidArgumentException;
import marquee.theaters.v1.Row;
import marquee.theaters.v1.SalesRules;
import marquee.theaters.v1.Seat;
import marquee.theaters.v1.SeatLayout;

/**
 * The selection rules of a cinema as pure functions over a layout, so they can be tested without a
 * database or a server. They never decide who gets a seat: only the database does that.
 */
final class SeatRules {
    /** Used when a cinema has no maximum configured (theaters always sets one; this is a guard). */
    static final int FALLBACK_MAX_SEATS = 10;

    private SeatRules() {}

    /** One seat the customer asked for. */
    record Selection(String seatId, TicketType ticketType) {}

    /** One priced seat of an order. */
    record Line(String seatId, String row, int number, SeatCategory category, TicketType ticketType, long priceMinor) {}

    /** The whole priced order. */
    record Priced(List<Line> lines, String currency, long feeMinor, long totalMinor) {}

    /** Checks that need no layout: at least one seat, ids present, no seat twice. */
    static void checkShape(List<Selection> selections) {
        if (selections.isEmpty()) throw new InvalidArgumentException("seats: choose at least one seat");
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < selections.size(); i++) {
            String id = selections.get(i).seatId();
            if (id == null || id.isBlank()) throw new InvalidArgumentException("seats[" + i + "].seat_id is required");
            if (!seen.add(id)) duplicates.add(id);
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidArgumentException("seats: each seat may be chosen once; repeated: " + String.join(", ", duplicates));
        }
    }

    /**
     * Validates an order against the hall and the cinema's rules and prices it.
     *
     * @param occupied seats of this showtime already held or sold by others
     */
    static Priced price(List<Selection> selections, SeatLayout layout, SalesRules rules, PriceList prices, Set<String> occupied) {
        checkShape(selections);
        int max = rules.getMaxSeatsPerOrder() > 0 ? rules.getMaxSeatsPerOrder() : FALLBACK_MAX_SEATS;
        if (selections.size() > max) {
            throw new InvalidArgumentException("seats: at most " + max + " seats per order at this cinema, got " + selections.size());
        }
        Map<String, Seat> seats = seatsById(layout);
        List<String> unknown = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        for (Selection selection : selections) {
            Seat seat = seats.get(selection.seatId());
            if (seat == null) unknown.add(selection.seatId());
            else if (seat.getBlocked()) blocked.add(selection.seatId());
        }
        if (!unknown.isEmpty()) throw new InvalidArgumentException("seats: no such seat in this hall: " + String.join(", ", unknown));
        if (!blocked.isEmpty()) throw new InvalidArgumentException("seats: not for sale (blocked): " + String.join(", ", blocked));

        Set<String> chosen = new HashSet<>();
        selections.forEach(s -> chosen.add(s.seatId()));
        checkCouples(selections, seats, chosen);
        checkCompanions(selections, seats);
        if (rules.getForbidSingleEmptySeat()) checkNoSingleEmptySeat(layout, occupied, chosen);

        Map<String, Long> priceOf = new HashMap<>();
        for (Price price : prices.getPricesList()) priceOf.put(key(price.getCategory(), price.getTicketType()), price.getAmountMinor());
        List<Line> lines = new ArrayList<>();
        long total = 0;
        for (Selection selection : selections) {
            Seat seat = seats.get(selection.seatId());
            TicketType type = selection.ticketType() == TicketType.TICKET_TYPE_UNSPECIFIED ? TicketType.ADULT : selection.ticketType();
            Long amount = priceOf.get(key(seat.getCategory(), type));
            if (amount == null) {
                throw new InvalidArgumentException("seat " + seat.getId() + ": this showtime sells no " + type + " ticket for "
                        + seat.getCategory() + " seats");
            }
            lines.add(new Line(seat.getId(), seat.getRow(), seat.getNumber(), seat.getCategory(), type, amount));
            total = Math.addExact(total, amount);
        }
        long fee = prices.getBookingFeeMinor();
        return new Priced(List.copyOf(lines), prices.getCurrency(), fee, Math.addExact(total, fee));
    }

    private static void checkCouples(List<Selection> selections, Map<String, Seat> seats, Set<String> chosen) {
        List<String> alone = new ArrayList<>();
        for (Selection selection : selections) {
            Seat seat = seats.get(selection.seatId());
            if (seat.getCategory() == SeatCategory.COUPLE && !chosen.contains(seat.getPartnerId())) {
                alone.add(seat.getId() + " (with " + (seat.getPartnerId().isEmpty() ? "its partner" : seat.getPartnerId()) + ")");
            }
        }
        if (!alone.isEmpty()) {
            throw new InvalidArgumentException("seats: couple seats are sold in pairs; add the other half: " + String.join(", ", alone));
        }
    }

    private static void checkCompanions(List<Selection> selections, Map<String, Seat> seats) {
        boolean wheelchair = selections.stream().anyMatch(s -> seats.get(s.seatId()).getCategory() == SeatCategory.WHEELCHAIR);
        if (wheelchair) return;
        List<String> companions = selections.stream().map(s -> seats.get(s.seatId()))
                .filter(seat -> seat.getCategory() == SeatCategory.COMPANION).map(Seat::getId).toList();
        if (!companions.isEmpty()) {
            throw new InvalidArgumentException("seats: companion seats are only sold together with a wheelchair space: "
                    + String.join(", ", companions));
        }
    }

    /**
     * Refuses an order that would strand one free seat between taken seats (or a taken seat and
     * the end of its block). Only gaps next to a chosen seat count: a gap that was there before
     * is not this order's doing.
     */
    static void checkNoSingleEmptySeat(SeatLayout layout, Set<String> occupied, Set<String> chosen) {
        List<String> stranded = new ArrayList<>();
        for (List<Seat> run : runs(layout)) {
            int n = run.size();
            boolean[] taken = new boolean[n];
            boolean[] mine = new boolean[n];
            for (int i = 0; i < n; i++) {
                Seat seat = run.get(i);
                mine[i] = chosen.contains(seat.getId());
                taken[i] = mine[i] || seat.getBlocked() || occupied.contains(seat.getId());
            }
            for (int i = 0; i < n; i++) {
                if (taken[i]) continue;
                boolean leftClosed = i == 0 || taken[i - 1];
                boolean rightClosed = i == n - 1 || taken[i + 1];
                boolean besideMine = (i > 0 && mine[i - 1]) || (i < n - 1 && mine[i + 1]);
                if (leftClosed && rightClosed && besideMine) stranded.add(run.get(i).getId());
            }
        }
        if (!stranded.isEmpty()) {
            throw new InvalidArgumentException("seats: this cinema does not allow leaving a single empty seat; the order would strand "
                    + String.join(", ", stranded));
        }
    }

    /** Blocks of seats without a gap between them, per row, left to right; an aisle starts a new block. */
    static List<List<Seat>> runs(SeatLayout layout) {
        List<List<Seat>> runs = new ArrayList<>();
        for (Row row : layout.getRowsList()) {
            List<Seat> seats = new ArrayList<>(row.getSeatsList());
            seats.sort(Comparator.comparingInt(Seat::getX));
            List<Seat> current = new ArrayList<>();
            int nextX = Integer.MIN_VALUE;
            for (Seat seat : seats) {
                if (!current.isEmpty() && seat.getX() != nextX) {
                    runs.add(current);
                    current = new ArrayList<>();
                }
                current.add(seat);
                nextX = seat.getX() + Math.max(1, seat.getWidth());
            }
            if (!current.isEmpty()) runs.add(current);
        }
        return runs;
    }

    /**
     * The seats of a layout by id. Built once per layout message and kept while that message is in
     * use (the venue cache hands out the same instance for every hold of a hall): building a map of
     * 1,000 seats on every hold was a quarter of the backend's CPU in the hold benchmark.
     */
    static Map<String, Seat> seatsById(SeatLayout layout) {
        return SEAT_INDEX.computeIfAbsent(layout, SeatRules::buildSeatIndex);
    }

    private static Map<String, Seat> buildSeatIndex(SeatLayout layout) {
        Map<String, Seat> seats = new HashMap<>();
        for (Row row : layout.getRowsList()) for (Seat seat : row.getSeatsList()) seats.put(seat.getId(), seat);
        return java.util.Collections.unmodifiableMap(seats);
    }

    private static final IdentityCache<SeatLayout, Map<String, Seat>> SEAT_INDEX = new IdentityCache<>();

    /**
     * Values by key instance, held weakly: an entry goes once its key is no longer used. By
     * identity on purpose: two halls with the same seats have equal layout messages, and
     * comparing two 1,000-seat messages costs as much as building the index again.
     */
    static final class IdentityCache<K, V> {
        private final java.lang.ref.ReferenceQueue<K> cleared = new java.lang.ref.ReferenceQueue<>();
        private final java.util.concurrent.ConcurrentHashMap<Key<K>, V> entries = new java.util.concurrent.ConcurrentHashMap<>();

        V computeIfAbsent(K key, java.util.function.Function<K, V> build) {
            V known = entries.get(new Key<>(key, null));
            if (known != null) return known;
            for (Object gone; (gone = cleared.poll()) != null; ) entries.remove(gone);
            V value = build.apply(key);
            V raced = entries.putIfAbsent(new Key<>(key, cleared), value);
            return raced != null ? raced : value;
        }

        int size() {
            return entries.size();
        }

        private static final class Key<K> extends java.lang.ref.WeakReference<K> {
            private final int hash;

            Key(K referent, java.lang.ref.ReferenceQueue<K> queue) {
                super(referent, queue);
                this.hash = System.identityHashCode(referent);
            }

            @Override
            public int hashCode() {
                return hash;
            }

            @Override
            public boolean equals(Object other) {
                if (other == this) return true;
                if (!(other instanceof Key<?> key) || key.hash != hash) return false;
                Object mine = get();
                return mine != null && mine == key.get();
            }
        }
    }

    static Set<String> blockedSeats(SeatLayout layout) {
        Set<String> blocked = new LinkedHashSet<>();
        for (Row row : layout.getRowsList()) for (Seat seat : row.getSeatsList()) if (seat.getBlocked()) blocked.add(seat.getId());
        return blocked;
    }

    private static String key(SeatCategory category, TicketType type) {
        return category.name() + "/" + type.name();
    }

    static String join(Collection<String> ids) {
        return String.join(", ", ids);
    }
}
