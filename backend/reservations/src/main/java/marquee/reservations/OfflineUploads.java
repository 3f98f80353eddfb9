package marquee.reservations;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;
import marquee.payments.v1.Payment;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TerminalQr;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.UnavailableException;
import marquee.reservations.v1.OfflineSale;
import marquee.reservations.v1.OfflineSaleOutcome;
import marquee.reservations.v1.OfflineSaleReceipt;
import marquee.reservations.v1.OfflineTicket;
import marquee.reservations.v1.PriceEntry;
import marquee.reservations.v1.PriceSummary;
import marquee.reservations.v1.UploadOfflineSalesResponse;
import marquee.tickets.v1.TerminalKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads of sales a terminal made offline, each once by sale_id. A sale goes through three
 * stages, each committed before the next starts, so a cut upload is finished by a retry or by the
 * reconciler ({@link #finishStale}): SEATS (one transaction: the sale's booking with its code and
 * lines, the seats moved from the allocation's claims to SOLD claims of that booking, the
 * offline_sale row), PAID (payments recorded the money, by the sale id as idempotency key; the
 * booking is CONFIRMED on that payment) and DONE (tickets issued with the terminal's ids and
 * texts). Nothing is recorded for a sale that fails validation (REJECTED); a sale whose seats are
 * no longer the terminal's and belong to someone else is CONFLICT: the money is recorded (it is in
 * the drawer), the booking is CANCELLED without seats or tickets, and a manager refunds it.
 */
final class OfflineUploads {
    private static final Logger log = LoggerFactory.getLogger(OfflineUploads.class);
    static final int MAX_SALES = 500;
    private static final int MAX_TICKETS = 50;

    private final OfflineAllocations allocations;
    private final OfflinePeers peers;
    private final Clock clock;
    private final Counter conflicts;
    /** Sales of an upload recorded at once (bounded: each holds a database connection while it writes). */
    static final int WORKERS = 4;
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(WORKERS, r -> {
        Thread thread = new Thread(r, "offline-upload");
        thread.setDaemon(true);
        return thread;
    });
    /** Tests only: where an upload stops as if the connection were cut ("none", "seats", "paid"). */
    private volatile String crashAfter = "none";

    OfflineUploads crashAfter(String stage) {
        this.crashAfter = stage == null ? "none" : stage.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    OfflineUploads(OfflineAllocations allocations, OfflinePeers peers, Clock clock, MeterRegistry meters) {
        this.allocations = allocations;
        this.peers = peers;
        this.clock = clock;
        this.conflicts = Counter.builder("marquee.offline.sale.conflicts")
                .description("Offline sales whose seats someone else had by the time they were uploaded (money recorded, flagged)")
                .register(meters);
    }

    private record Stored(UUID saleId, String deviceId, UUID allocationId, UUID bookingId, String outcome, String stage,
                          String paymentId, String message, OfflineSale request) {}

    private record AllocationRow(UUID id, UUID bookingId, String deviceId, UUID cinemaId, UUID showtimeId, Set<String> seats,
                                 PriceSummary prices, long floorLimit, long startsAtEpochSecond, Map<String, SeatCategory> categories,
                                 Map<String, String[]> lines) {}

    /**
     * Sales of one upload are recorded by a few workers at once (each sale on its own; sales of one
     * allocation meet at its row lock), answered in request order. Every sale is waited for before
     * the call answers, also when one failed, so a retry never races its own first attempt.
     */
    UploadOfflineSalesResponse upload(Principal caller, OfflineAllocations.Terminal terminal, List<OfflineSale> sales) {
        if (sales.size() > MAX_SALES) throw new InvalidArgumentException("sales: at most " + MAX_SALES + " per call, got " + sales.size());
        Set<String> seen = new HashSet<>();
        for (OfflineSale sale : sales) {
            if (!seen.add(sale.getSaleId())) throw new InvalidArgumentException("sales: sale_id " + sale.getSaleId() + " appears twice");
        }
        java.util.function.Supplier<List<TerminalKey>> keys = memoize(() -> peers.terminalKeys(terminal.cinemaId().toString()));
        Map<String, Optional<AllocationRow>> allocationsRead = new java.util.concurrent.ConcurrentHashMap<>();
        List<java.util.concurrent.Future<Result>> running = new ArrayList<>();
        io.grpc.Context context = io.grpc.Context.current().fork(); // not cancelled with the call: a sale runs to a stage's end
        for (OfflineSale sale : sales) {
            running.add(workers.submit(context.wrap(() -> one(caller, terminal, sale, keys, allocationsRead))));
        }
        UploadOfflineSalesResponse.Builder out = UploadOfflineSalesResponse.newBuilder();
        int fresh = 0;
        RuntimeException failed = null;
        for (java.util.concurrent.Future<Result> r : running) {
            try {
                Result result = r.get();
                out.addReceipts(result.receipt());
                if (result.fresh()) fresh++;
            } catch (java.util.concurrent.ExecutionException e) {
                if (failed == null) {
                    failed = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("offline sale failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted; upload again");
            }
        }
        if (failed != null) throw failed;
        return out.setNewSales(fresh).build();
    }

    private record Result(OfflineSaleReceipt receipt, boolean fresh) {}

    void close() {
        workers.shutdownNow();
    }

    private Result one(Principal caller, OfflineAllocations.Terminal terminal, OfflineSale sale,
                       java.util.function.Supplier<List<TerminalKey>> keys, Map<String, Optional<AllocationRow>> allocationsRead) {
        OfflineSaleReceipt.Builder receipt = OfflineSaleReceipt.newBuilder().setSaleId(sale.getSaleId());
        UUID saleId;
        try {
            saleId = UUID.fromString(sale.getSaleId());
        } catch (IllegalArgumentException e) {
            return new Result(receipt.setOutcome(OfflineSaleOutcome.REJECTED).setMessage("sale_id must be a UUID").build(), false);
        }
        Optional<Stored> earlier = stored(saleId);
        if (earlier.isPresent()) return new Result(again(earlier.get(), terminal, receipt), false);
        String problem;
        AllocationRow allocation = null;
        try {
            allocation = allocationsRead.computeIfAbsent(sale.getAllocationId(), id -> Optional.ofNullable(allocation(id))).orElse(null);
            problem = allocation == null ? "allocation " + sale.getAllocationId() + " is unknown"
                    : validate(terminal, sale, allocation, keys.get());
        } catch (IllegalArgumentException e) {
            problem = "allocation_id must be a UUID";
        }
        if (problem != null) {
            log.warn("Offline sale {} of terminal {} rejected: {}", saleId, terminal.deviceId(), problem);
            return new Result(receipt.setOutcome(OfflineSaleOutcome.REJECTED).setMessage(problem).build(), false);
        }
        // A showtime cancelled meanwhile keeps its seats unsold: the money is recorded and flagged like a conflict.
        String cancelled = allocations.stillOn(allocation.showtimeId()) ? null
                : "the showtime was cancelled before the sale was uploaded; the money is recorded and the sale must be refunded by a manager";
        Optional<String> refused = recordSeats(caller, terminal, saleId, sale, allocation, cancelled);
        if (refused.isPresent()) return new Result(receipt.setOutcome(OfflineSaleOutcome.REJECTED).setMessage(refused.get()).build(), false);
        if ("seats".equals(crashAfter)) throw new UnavailableException("test: upload cut after the seats of sale " + saleId);
        Stored row = stored(saleId).orElseThrow();
        if (!row.deviceId().equals(terminal.deviceId())) { // a concurrent upload of the same id by another terminal won
            return new Result(again(row, terminal, receipt), false);
        }
        OfflineSaleReceipt done = finish(row, receipt);
        return new Result(done, done.getOutcome() == OfflineSaleOutcome.RECORDED || done.getOutcome() == OfflineSaleOutcome.CONFLICT);
    }

    private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> load) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = load.get();
                return value;
            }
        };
    }

    /** The receipt for a sale uploaded before (finished now if it was cut). */
    private OfflineSaleReceipt again(Stored row, OfflineAllocations.Terminal terminal, OfflineSaleReceipt.Builder receipt) {
        if (!row.deviceId().equals(terminal.deviceId())) {
            return receipt.setOutcome(OfflineSaleOutcome.REJECTED).setMessage("sale_id was uploaded by another terminal").build();
        }
        if (!"DONE".equals(row.stage())) return finish(row, receipt);
        if ("CONFLICT".equals(row.outcome())) {
            return receipt.setOutcome(OfflineSaleOutcome.CONFLICT).setBookingId(row.bookingId().toString())
                    .setPaymentId(nz(row.paymentId())).setMessage(row.message()).build();
        }
        return receipt.setOutcome(OfflineSaleOutcome.ALREADY_RECORDED).setBookingId(row.bookingId().toString())
                .setPaymentId(nz(row.paymentId())).build();
    }

    /** Stages PAID and DONE of a sale whose seats are recorded. */
    private OfflineSaleReceipt finish(Stored row, OfflineSaleReceipt.Builder receipt) {
        boolean conflict = "CONFLICT".equals(row.outcome());
        BookingRecord booking = booking(row.bookingId());
        String paymentId = row.paymentId();
        if ("SEATS".equals(row.stage())) {
            Payment payment;
            try {
                payment = peers.chargeOffline(booking, row.request());
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND
                        || code == Status.Code.PERMISSION_DENIED || code == Status.Code.ALREADY_EXISTS) {
                    // Payments will never take this sale (unknown shift, a staff member of another cinema ...):
                    // undo the seats so that nothing of it stays recorded.
                    undo(row);
                    log.warn("Offline sale {} rejected by payments: {}", row.saleId(), e.getStatus().getDescription());
                    return receipt.setOutcome(OfflineSaleOutcome.REJECTED)
                            .setMessage("payment not recorded: " + nz(e.getStatus().getDescription())).build();
                }
                throw new UnavailableException("offline sale " + row.saleId() + " is recorded but its payment is not yet; upload again");
            }
            paymentId = payment.getId();
            String confirmedId = paymentId;
            allocations.transactions().inTransaction(c -> {
                try (PreparedStatement b = c.prepareStatement(
                        "UPDATE booking SET status = ?, payment_id = ? WHERE id = ? AND status = 'HELD'")) {
                    b.setString(1, conflict ? "CANCELLED" : "CONFIRMED");
                    b.setString(2, confirmedId);
                    b.setObject(3, row.bookingId());
                    b.executeUpdate();
                }
                stage(c, row.saleId(), "PAID", confirmedId);
                return null;
            });
            booking = booking.with(conflict ? BookingRecord.Status.CANCELLED : BookingRecord.Status.CONFIRMED, paymentId);
            if (conflict) conflicts.increment();
            if ("paid".equals(crashAfter)) throw new UnavailableException("test: upload cut after the payment of sale " + row.saleId());
        }
        if (conflict) {
            // The tickets it printed must never admit anybody: tickets remembers them as revoked.
            try {
                peers.issueOffline(booking, row.request(), row.deviceId());
            } catch (StatusRuntimeException e) {
                log.warn("Tickets of conflicting offline sale {} not revoked yet: {}", row.saleId(), e.getStatus());
                throw new UnavailableException("offline sale " + row.saleId() + " is recorded but its tickets are not revoked yet; upload again");
            }
            String id = paymentId;
            allocations.transactions().inTransaction(c -> {
                stage(c, row.saleId(), "DONE", id);
                return null;
            });
        } else {
            try {
                peers.issueOffline(booking, row.request(), row.deviceId());
            } catch (StatusRuntimeException e) {
                log.warn("Tickets of offline sale {} not issued yet: {}", row.saleId(), e.getStatus());
                throw new UnavailableException("offline sale " + row.saleId() + " is paid but its tickets are not issued yet; upload again");
            }
            String id = paymentId;
            allocations.transactions().inTransaction(c -> {
                stage(c, row.saleId(), "DONE", id);
                return null;
            });
            return receipt.setOutcome(OfflineSaleOutcome.RECORDED).setBookingId(row.bookingId().toString()).setPaymentId(nz(id)).build();
        }
        return receipt.setOutcome(OfflineSaleOutcome.CONFLICT).setBookingId(row.bookingId().toString()).setPaymentId(nz(paymentId))
                .setMessage(row.message()).build();
    }

    /** Finishes sales left half done for {@code idle} (the reconciler); how many it finished. */
    int finishStale(Duration idle) {
        List<UUID> due = allocations.transactions().autocommit(c -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT sale_id FROM offline_sale WHERE stage <> 'DONE' AND updated_at < now() - ? * interval '1 millisecond'
                     ORDER BY updated_at LIMIT 100""")) {
                q.setLong(1, idle.toMillis());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        });
        int finished = 0;
        for (UUID id : due) {
            Optional<Stored> row = stored(id);
            if (row.isEmpty() || "DONE".equals(row.get().stage())) continue;
            try {
                allocations.transactions().inTransaction(c -> { // take it for a while, so other instances skip it
                    try (PreparedStatement t = c.prepareStatement("UPDATE offline_sale SET updated_at = now() WHERE sale_id = ?")) {
                        t.setObject(1, id);
                        t.executeUpdate();
                    }
                    return null;
                });
                finish(row.get(), OfflineSaleReceipt.newBuilder().setSaleId(id.toString()));
                finished++;
            } catch (RuntimeException e) {
                log.warn("Could not finish offline sale {} yet; will retry: {}", id, e.toString());
            }
        }
        return finished;
    }

    // ------------------------------------------------------------------------------ validation

    private String validate(OfflineAllocations.Terminal terminal, OfflineSale sale, AllocationRow allocation, List<TerminalKey> keys) {
        if (!allocation.deviceId().equals(terminal.deviceId())) return "allocation " + allocation.id() + " belongs to another terminal";
        String code = sale.getBookingCode().strip().toUpperCase(java.util.Locale.ROOT);
        if (code.length() != Holds.OFFLINE_CODE_LENGTH || !code.chars().allMatch(ch -> Holds.CODE_ALPHABET.indexOf(ch) >= 0)) {
            return "booking_code must be " + Holds.OFFLINE_CODE_LENGTH + " characters from " + Holds.CODE_ALPHABET;
        }
        if (!code.equals(sale.getBookingCode())) return "booking_code must be written in capitals as printed";
        if (sale.getTicketsCount() == 0 || sale.getTicketsCount() > MAX_TICKETS) return "a sale has 1-" + MAX_TICKETS + " tickets";
        if (!sale.hasSoldAt()) return "sold_at is required";
        Instant soldAt = Instant.ofEpochSecond(sale.getSoldAt().getSeconds());
        if (soldAt.isAfter(clock.instant().plus(Duration.ofHours(1)))) return "sold_at lies in the future";
        PriceSummary prices = allocation.prices();
        String currency = prices.getCurrency();
        Map<String, Long> priceOf = new HashMap<>();
        for (PriceEntry e : prices.getEntriesList()) priceOf.put(e.getCategory() + "/" + e.getTicketType(), e.getAmountMinor());
        Map<String, SeatCategory> categories = allocation.categories();
        Map<String, PublicKey> ownKeys = new HashMap<>();
        for (TerminalKey k : keys) {
            if (k.getDeviceId().equals(terminal.deviceId())) TerminalQr.publicKey(k.getPublicKeyBase64()).ifPresent(p -> ownKeys.put(k.getKeyId(), p));
        }
        long sum = 0;
        Set<String> seats = new HashSet<>();
        Set<String> ticketIds = new HashSet<>();
        long startsAt = allocation.startsAtEpochSecond();
        for (OfflineTicket t : sale.getTicketsList()) {
            UUID ticketId;
            try {
                ticketId = UUID.fromString(t.getTicketId());
            } catch (IllegalArgumentException e) {
                return "ticket_id must be a UUID, got \"" + marquee.platform.errors.Check.abbreviate(t.getTicketId()) + "\"";
            }
            if (!ticketIds.add(ticketId.toString())) return "ticket " + ticketId + " appears twice";
            if (!seats.add(t.getSeatId())) return "seat " + t.getSeatId() + " appears twice";
            if (!allocation.seats().contains(t.getSeatId())) return "seat " + t.getSeatId() + " is not in allocation " + allocation.id();
            TicketType type = t.getTicketType() == TicketType.TICKET_TYPE_UNSPECIFIED ? TicketType.ADULT : t.getTicketType();
            if (type == TicketType.UNRECOGNIZED) return "ticket_type of " + t.getSeatId() + " is unknown";
            Long price = priceOf.get(categories.get(t.getSeatId()) + "/" + type);
            if (price == null) return type + " tickets are not sold for " + categories.get(t.getSeatId()) + " seats";
            if (t.getPrice().getAmountMinor() != price || !t.getPrice().getCurrency().equals(currency)) {
                return "price of seat " + t.getSeatId() + " must be " + price + " " + currency + " (the allocation's price list)";
            }
            sum += price;
            Optional<String> keyId = TerminalQr.keyIdOf(t.getQrPayload());
            PublicKey key = keyId.map(ownKeys::get).orElse(null);
            if (key == null) return "ticket " + ticketId + " is not signed with a key registered for terminal " + terminal.deviceId();
            Optional<TerminalQr.Claims> claims = TerminalQr.verify(t.getQrPayload(), key);
            if (claims.isEmpty()) return "the signature of ticket " + ticketId + " does not verify";
            TerminalQr.Claims c = claims.get();
            if (!c.ticketId().equals(ticketId) || !c.showtimeId().equals(allocation.showtimeId()) || !c.seatId().equals(t.getSeatId())
                    || !c.bookingCode().equals(code) || c.startsAtEpochSecond() != startsAt) {
                return "the QR of ticket " + ticketId + " claims another ticket, showtime, seat or booking code";
            }
        }
        long fee = prices.getBookingFeeMinor();
        if (sale.getBookingFee().getAmountMinor() != fee) return "booking_fee must be " + fee + " " + currency;
        if (!sale.getTotal().getCurrency().equals(currency) || sale.getTotal().getAmountMinor() != sum + fee) {
            return "total must be " + (sum + fee) + " " + currency + " (tickets and fee)";
        }
        switch (sale.getPayment().getMethodCase()) {
            case CASH -> {
                if (terminal.kiosk()) return "a kiosk takes no cash";
                if (sale.getPayment().getCash().getTenderedMinor() < sum + fee) return "cash tendered does not cover the total";
                if (sale.getShiftId().isBlank()) return "shift_id is required for cash";
            }
            case CARD_PRESENT -> {
                if (allocation.floorLimit() <= 0) return "this cinema takes no card payments offline";
                if (sum + fee > allocation.floorLimit()) return "the total is above the cinema's offline card floor limit of " + allocation.floorLimit();
                var amount = sale.getPayment().getCardPresent().getAmount();
                if (amount.getAmountMinor() != sum + fee || !amount.getCurrency().equals(currency)) return "the card amount must equal the total";
            }
            default -> { return "payment is required (cash or card_present)"; }
        }
        if (!terminal.kiosk() && sale.getSoldBy().isBlank()) return "sold_by is required for a till's sale";
        return null;
    }

    // ------------------------------------------------------------------------------ stage SEATS

    /** Records the sale's booking and seats in one transaction; a refusal message when it cannot be recorded. */
    private Optional<String> recordSeats(Principal caller, OfflineAllocations.Terminal terminal, UUID saleId, OfflineSale sale,
                                         AllocationRow allocation, String forcedConflict) {
        try {
            return allocations.transactions().inTransaction(c -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM booking WHERE id = ? FOR UPDATE")) {
                    lock.setObject(1, allocation.bookingId());
                    lock.executeQuery().close();
                }
                UUID bookingId = UUID.randomUUID();
                long fee = sale.getBookingFee().getAmountMinor();
                String currency = allocation.prices().getCurrency();
                String owner = sale.getSoldBy().isBlank() ? caller.userId() : sale.getSoldBy();
                try (PreparedStatement b = c.prepareStatement("""
                        INSERT INTO booking (id, code, showtime_id, cinema_id, user_id, status, currency, fee_minor, total_minor,
                                             expires_at, idempotency_key, movie_title, hall_name, starts_at, created_at)
                        SELECT ?, ?, a.showtime_id, a.cinema_id, ?, 'HELD', ?, ?, ?, now() + interval '30 days', ?,
                               a.movie_title, a.hall_name, a.starts_at, ?
                          FROM booking a WHERE a.id = ?
                        ON CONFLICT ON CONSTRAINT booking_code_key DO NOTHING""")) {
                    b.setObject(1, bookingId);
                    b.setString(2, sale.getBookingCode());
                    b.setString(3, owner.length() > 64 ? owner.substring(0, 64) : owner);
                    b.setString(4, currency);
                    b.setLong(5, fee);
                    b.setLong(6, sale.getTotal().getAmountMinor());
                    b.setString(7, "offline:" + saleId);
                    b.setTimestamp(8, new Timestamp(sale.getSoldAt().getSeconds() * 1000));
                    b.setObject(9, allocation.bookingId());
                    if (b.executeUpdate() == 0) {
                        c.rollback();
                        return Optional.of("booking code " + sale.getBookingCode() + " is already in use by another booking");
                    }
                }
                Map<String, String[]> lineOf = allocation.lines();
                List<OfflineTicket> tickets = new ArrayList<>(sale.getTicketsList());
                tickets.sort(Comparator.comparing(OfflineTicket::getSeatId));
                try (PreparedStatement l = c.prepareStatement("""
                        INSERT INTO booking_line (booking_id, seat_id, "row", number, category, ticket_type, price_minor)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                    for (OfflineTicket t : tickets) {
                        String[] line = lineOf.get(t.getSeatId());
                        l.setObject(1, bookingId);
                        l.setString(2, t.getSeatId());
                        l.setString(3, line[0]);
                        l.setInt(4, Integer.parseInt(line[1]));
                        l.setString(5, line[2]);
                        l.setString(6, (t.getTicketType() == TicketType.TICKET_TYPE_UNSPECIFIED ? TicketType.ADULT : t.getTicketType()).name());
                        l.setLong(7, t.getPrice().getAmountMinor());
                        l.addBatch();
                    }
                    l.executeBatch();
                }
                String[] seats = tickets.stream().map(OfflineTicket::getSeatId).toArray(String[]::new);
                java.sql.Savepoint beforeSeats = c.setSavepoint();
                Set<String> got = new HashSet<>();
                // Still set aside for this terminal (even if the allocation ran out, as long as nobody took the seat) ...
                try (PreparedStatement move = c.prepareStatement("""
                        UPDATE seat_claim SET booking_id = ?, status = 'SOLD', expires_at = NULL
                         WHERE showtime_id = ? AND seat_id = ANY (?::varchar[]) AND booking_id = ? RETURNING seat_id""")) {
                    move.setObject(1, bookingId);
                    move.setObject(2, allocation.showtimeId());
                    move.setArray(3, c.createArrayOf("varchar", seats));
                    move.setObject(4, allocation.bookingId());
                    try (ResultSet rs = move.executeQuery()) {
                        while (rs.next()) got.add(rs.getString(1));
                    }
                }
                // ... or free again (returned, swept) or a hold that ran out: the terminal may still have it.
                List<String> rest = java.util.Arrays.stream(seats).filter(s -> !got.contains(s)).toList();
                if (!rest.isEmpty()) {
                    try (PreparedStatement claim = c.prepareStatement("""
                            INSERT INTO seat_claim AS sc (showtime_id, seat_id, booking_id, status, expires_at)
                            SELECT ?, s, ?, 'SOLD', NULL FROM unnest(?::varchar[]) AS s
                            ON CONFLICT (showtime_id, seat_id) DO UPDATE SET booking_id = excluded.booking_id, status = 'SOLD', expires_at = NULL
                             WHERE sc.status = 'HELD' AND sc.expires_at < now() RETURNING seat_id""")) {
                        claim.setObject(1, allocation.showtimeId());
                        claim.setObject(2, bookingId);
                        claim.setArray(3, c.createArrayOf("varchar", rest.toArray()));
                        try (ResultSet rs = claim.executeQuery()) {
                            while (rs.next()) got.add(rs.getString(1));
                        }
                    }
                }
                String outcome = "RECORDED";
                String message = "";
                if (forcedConflict != null) {
                    c.rollback(beforeSeats);
                    outcome = "CONFLICT";
                    message = forcedConflict;
                    log.warn("Offline sale {} of terminal {}: CONFLICT, {}", saleId, terminal.deviceId(), forcedConflict);
                } else if (got.size() < seats.length) {
                    c.rollback(beforeSeats);
                    List<String> lost = java.util.Arrays.stream(seats).filter(s -> !got.contains(s)).sorted().toList();
                    outcome = "CONFLICT";
                    message = "seat(s) " + String.join(", ", lost) + " were no longer set aside for terminal " + terminal.deviceId()
                            + " and someone else has them; the money is recorded and the sale must be refunded by a manager";
                    log.warn("Offline sale {} of terminal {}: CONFLICT on {}", saleId, terminal.deviceId(), lost);
                } else {
                    SeatMaps.append(c, allocation.showtimeId(), c.createArrayOf("varchar", seats), "SOLD", "sold offline");
                }
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO offline_sale (sale_id, device_id, allocation_id, booking_id, outcome, stage, message, request)
                        VALUES (?, ?, ?, ?, ?, 'SEATS', ?, ?) ON CONFLICT (sale_id) DO NOTHING""")) {
                    s.setObject(1, saleId);
                    s.setString(2, terminal.deviceId());
                    s.setObject(3, allocation.id());
                    s.setObject(4, bookingId);
                    s.setString(5, outcome);
                    s.setString(6, message.length() > 500 ? message.substring(0, 500) : message);
                    s.setBytes(7, sale.toByteArray());
                    if (s.executeUpdate() == 0) {
                        c.rollback(); // a concurrent upload of the same sale recorded it first
                    }
                }
                return Optional.<String>empty();
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return Optional.of("the sale could not be recorded: " + sql.getMessage());
            }
            throw e;
        }
    }

    /** Takes back what stage SEATS recorded (payments refused the sale for good). */
    private void undo(Stored row) {
        allocations.transactions().inTransaction(c -> {
            List<String> freed = new ArrayList<>();
            UUID showtime = null;
            try (PreparedStatement d = c.prepareStatement(
                    "DELETE FROM seat_claim WHERE booking_id = ? AND status = 'SOLD' RETURNING seat_id, showtime_id")) {
                d.setObject(1, row.bookingId());
                try (ResultSet rs = d.executeQuery()) {
                    while (rs.next()) {
                        freed.add(rs.getString(1));
                        showtime = rs.getObject(2, UUID.class);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM offline_sale WHERE sale_id = ?")) {
                s.setObject(1, row.saleId());
                s.executeUpdate();
            }
            try (PreparedStatement b = c.prepareStatement("DELETE FROM booking_line WHERE booking_id = ?")) {
                b.setObject(1, row.bookingId());
                b.executeUpdate();
            }
            try (PreparedStatement b = c.prepareStatement("DELETE FROM booking WHERE id = ?")) {
                b.setObject(1, row.bookingId());
                b.executeUpdate();
            }
            if (!freed.isEmpty()) SeatMaps.append(c, showtime, c.createArrayOf("varchar", freed.toArray()), "FREE", "offline rejected");
            return null;
        });
    }

    // ------------------------------------------------------------------------------ reading

    private AllocationRow allocation(String id) {
        UUID allocationId = UUID.fromString(id);
        return allocations.transactions().autocommit(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT a.id, a.booking_id, a.device_id, a.cinema_id, a.showtime_id, a.seat_ids, a.prices, a.card_floor_limit_minor,
                           b.starts_at, l.seat_id, l."row", l.number, l.category
                      FROM offline_allocation a JOIN booking b ON b.id = a.booking_id JOIN booking_line l ON l.booking_id = a.booking_id
                     WHERE a.id = ?""")) {
                q.setObject(1, allocationId);
                try (ResultSet rs = q.executeQuery()) {
                    AllocationRow row = null;
                    while (rs.next()) {
                        if (row == null) {
                            row = new AllocationRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                                    rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                                    new HashSet<>(List.of((String[]) rs.getArray(6).getArray())), OfflineAllocations.prices(rs.getBytes(7)),
                                    rs.getLong(8), rs.getTimestamp(9).toInstant().getEpochSecond(), new HashMap<>(), new HashMap<>());
                        }
                        row.categories().put(rs.getString(10), SeatCategory.valueOf(rs.getString(13)));
                        row.lines().put(rs.getString(10), new String[] {rs.getString(11), rs.getString(12), rs.getString(13)});
                    }
                    return row;
                }
            }
        });
    }

    private Optional<Stored> stored(UUID saleId) {
        return allocations.transactions().autocommit(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT sale_id, device_id, allocation_id, booking_id, outcome, stage, payment_id, message, request
                      FROM offline_sale WHERE sale_id = ?""")) {
                q.setObject(1, saleId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) return Optional.<Stored>empty();
                    return Optional.of(new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            parse(rs.getBytes(9))));
                }
            }
        });
    }

    private BookingRecord booking(UUID bookingId) {
        return new BookingStore(allocations.transactions().dataSource()).load(bookingId).orElseThrow();
    }

    private static void stage(Connection c, UUID saleId, String stage, String paymentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE offline_sale SET stage = ?, payment_id = coalesce(?, payment_id), updated_at = now() WHERE sale_id = ?")) {
            s.setString(1, stage);
            s.setString(2, paymentId);
            s.setObject(3, saleId);
            s.executeUpdate();
        }
    }

    private static OfflineSale parse(byte[] bytes) {
        try {
            return OfflineSale.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored offline sale unreadable", e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
