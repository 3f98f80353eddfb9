package marquee.theaters;

import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import marquee.platform.auth.Auth;
import marquee.platform.auth.Principal;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.errors.AlreadyExistsException;
import marquee.platform.errors.Check;
import marquee.platform.errors.DomainException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.users.v1.Role;
import org.hibernate.Session;

/**
 * Cinemas, halls and seat layouts: input checks, who may change what, and storage.
 * Reads are public; every write needs a MANAGER, and a manager bound to one cinema may only
 * change that cinema and its halls. Errors are thrown as platform domain exceptions.
 */
public final class TheatersService {
    static final String CINEMA_NAME_KEY = "cinema_name_key";
    static final String HALL_NAME_KEY = "hall_cinema_name_key";
    /** Longest seat id accepted in SetSeatsBlocked (valid ids are at most 8 characters). */
    private static final int MAX_SEAT_ID_LENGTH = 16;

    private final ServiceDatabase database;

    public TheatersService(ServiceDatabase database) {
        this.database = database;
    }

    // ----------------------------------------------------------------------------- cinemas

    public List<Cinema> listCinemas() {
        return database.inTransaction(session -> session
                .createSelectionQuery("from CinemaEntity c order by lower(c.name), c.name", CinemaEntity.class)
                .getResultList().stream().map(CinemaEntity::toCinema).toList());
    }

    public Cinema getCinema(String cinemaId) {
        UUID id = Check.uuid("cinema_id", cinemaId);
        return database.inTransaction(session -> findCinema(session, id).toCinema());
    }

    public Cinema createCinema(Cinema input) {
        Principal caller = Auth.require(Role.MANAGER);
        if (caller.cinema().isPresent()) {
            throw new PermissionDeniedException("Only chain-wide managers may create cinemas; you manage cinema "
                    + caller.cinemaId() + " only");
        }
        Cinema values = checkCinema("", input);
        return database.inTransaction(session -> {
            requireUniqueCinemaName(session, values.name(), null);
            Instant now = Instant.now();
            CinemaEntity entity = new CinemaEntity(UUID.randomUUID(), now);
            entity.apply(values, now);
            session.persist(entity);
            flush(session, CINEMA_NAME_KEY, () -> cinemaNameTaken(values.name()));
            return entity.toCinema();
        });
    }

    public Cinema updateCinema(String cinemaId, Cinema input) {
        Principal caller = Auth.require(Role.MANAGER);
        UUID id = Check.uuid("cinema_id", cinemaId);
        requireCinemaAccess(caller, id);
        if (input == null) throw new InvalidArgumentException("cinema is required (the new values of the cinema)");
        Cinema values = checkCinema("cinema.", input);
        return database.inTransaction(session -> {
            CinemaEntity entity = session.find(CinemaEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (entity == null) throw cinemaNotFound(id);
            requireUniqueCinemaName(session, values.name(), id);
            entity.apply(values, Instant.now());
            flush(session, CINEMA_NAME_KEY, () -> cinemaNameTaken(values.name()));
            return entity.toCinema();
        });
    }

    // ------------------------------------------------------------------------------- halls

    public List<Hall> listHalls(String cinemaId) {
        UUID id = Check.uuid("cinema_id", cinemaId);
        return database.inTransaction(session -> {
            findCinema(session, id);
            List<HallEntity> halls = session
                    .createSelectionQuery("from HallEntity h where h.cinemaId = :cinema order by lower(h.name), h.name",
                            HallEntity.class)
                    .setParameter("cinema", id)
                    .getResultList();
            List<UUID> ids = halls.stream().map(HallEntity::id).toList();
            Map<UUID, Integer> counts = session.doReturningWork(connection -> SeatStore.counts(connection, ids));
            return halls.stream()
                    .map(hall -> new Hall(hall.id(), hall.cinemaId(), hall.name(), counts.getOrDefault(hall.id(), 0), null))
                    .toList();
        });
    }

    public Hall getHall(String hallId) {
        UUID id = Check.uuid("hall_id", hallId);
        return database.inTransaction(session -> {
            HallEntity hall = session.find(HallEntity.class, id);
            if (hall == null) throw hallNotFound(id);
            return withLayout(session, hall);
        });
    }

    public Hall createHall(String cinemaId, String name, Layout layout) {
        Principal caller = Auth.require(Role.MANAGER);
        UUID cinema = Check.uuid("cinema_id", cinemaId);
        requireCinemaAccess(caller, cinema);
        String hallName = checkName("name", name, 60);
        Layout valid = checkLayout(layout);
        return database.inTransaction(session -> {
            findCinema(session, cinema);
            requireUniqueHallName(session, cinema, hallName, null);
            Instant now = Instant.now();
            HallEntity hall = new HallEntity(UUID.randomUUID(), cinema, now);
            hall.apply(hallName, valid, now);
            session.persist(hall);
            flush(session, HALL_NAME_KEY, () -> hallNameTaken(hallName));
            session.doWork(connection -> SeatStore.insert(connection, hall.id(), valid));
            return new Hall(hall.id(), cinema, hallName, valid.seatCount(), valid);
        });
    }

    public Hall updateHall(String hallId, String name, Layout layout) {
        Principal caller = Auth.require(Role.MANAGER);
        UUID id = Check.uuid("hall_id", hallId);
        return database.inTransaction(session -> {
            HallEntity hall = lockHall(session, id);
            requireCinemaAccess(caller, hall.cinemaId());
            String hallName = checkName("name", name, 60);
            Layout valid = checkLayout(layout);
            requireUniqueHallName(session, hall.cinemaId(), hallName, id);
            hall.apply(hallName, valid, Instant.now());
            flush(session, HALL_NAME_KEY, () -> hallNameTaken(hallName));
            session.doWork(connection -> {
                SeatStore.deleteAll(connection, id);
                SeatStore.insert(connection, id, valid);
            });
            HallEvents.layoutChanged(session, id, hall.cinemaId(), hallName, valid.seatCount());
            return new Hall(id, hall.cinemaId(), hallName, valid.seatCount(), valid);
        });
    }

    public Hall setSeatsBlocked(String hallId, List<String> seatIds, boolean blocked) {
        Principal caller = Auth.require(Role.MANAGER);
        UUID id = Check.uuid("hall_id", hallId);
        Set<String> wanted = checkSeatIds(seatIds);
        return database.inTransaction(session -> {
            HallEntity hall = lockHall(session, id);
            requireCinemaAccess(caller, hall.cinemaId());
            session.doWork(connection -> {
                Set<String> existing = SeatStore.existing(connection, id, wanted);
                List<String> missing = wanted.stream().filter(seat -> !existing.contains(seat)).toList();
                if (!missing.isEmpty()) {
                    throw new NotFoundException("hall " + id + " has no seat" + (missing.size() == 1 ? " " : "s ")
                            + missing.stream().limit(10).map(LayoutValidator::abbreviate).collect(Collectors.joining(", "))
                            + (missing.size() > 10 ? " (and " + (missing.size() - 10) + " more)" : ""));
                }
                SeatStore.setBlocked(connection, id, wanted, blocked);
            });
            hall.touch(Instant.now());
            Hall changed = withLayout(session, hall);
            HallEvents.layoutChanged(session, id, hall.cinemaId(), hall.name(), changed.seatCount());
            return changed;
        });
    }

    // ------------------------------------------------------------------------------ checks

    private static Cinema checkCinema(String prefix, Cinema input) {
        String name = checkName(prefix + "name", input.name(), 100);
        String address = checkSingleLine(prefix + "address", Check.text(prefix + "address", input.address(), 0, 200));
        String city = checkSingleLine(prefix + "city", Check.text(prefix + "city", input.city(), 0, 100));
        String timeZone = checkTimeZone(prefix + "time_zone", input.timeZone());
        String currency = checkCurrency(prefix + "currency", input.currency());
        int maxSeats = input.maxSeatsPerOrder() == 0 ? Cinema.DEFAULT_MAX_SEATS_PER_ORDER
                : Check.range(prefix + "sales_rules.max_seats_per_order", input.maxSeatsPerOrder(), 1,
                        Cinema.MAX_SEATS_PER_ORDER);
        Cinema.Offline offline = input.offline();
        String rules = prefix + "sales_rules.";
        Check.range(rules + "offline_seats_per_showtime", offline.seatsPerShowtime(), -1, 50);
        if (offline.cardFloorLimitMinor() < 0 || offline.cardFloorLimitMinor() > 100_000_000L) {
            throw new InvalidArgumentException(rules + "offline_card_floor_limit_minor must be between 0 and 100000000, got "
                    + offline.cardFloorLimitMinor());
        }
        Check.range(rules + "offline_return_minutes_before", offline.returnMinutesBefore(), 0, 24 * 60);
        Check.range(rules + "offline_hours_ahead", offline.hoursAhead(), 0, 7 * 24);
        return new Cinema(null, name, address, city, timeZone, currency, maxSeats, input.forbidSingleEmptySeat(), offline);
    }

    private static String checkName(String field, String value, int max) {
        return checkSingleLine(field, Check.text(field, value, 1, max));
    }

    private static String checkSingleLine(String field, String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidArgumentException(field + " must be a single line without control characters");
        }
        return value;
    }

    static String checkTimeZone(String field, String value) {
        String zone = value == null ? "" : value.strip();
        if (zone.isEmpty()) throw new InvalidArgumentException(field + " is required, e.g. \"Europe/Berlin\"");
        if (zone.length() > 64 || !ZoneId.getAvailableZoneIds().contains(zone)) {
            throw new InvalidArgumentException(field + " must be an IANA time zone such as \"Europe/Berlin\", got \""
                    + Check.abbreviate(zone) + "\"");
        }
        return zone;
    }

    static String checkCurrency(String field, String value) {
        String code = value == null ? "" : value.strip();
        if (code.isEmpty()) throw new InvalidArgumentException(field + " is required, e.g. \"EUR\"");
        if (!code.matches("[A-Z]{3}")) {
            throw new InvalidArgumentException(field + " must be an ISO 4217 code of three upper-case letters, got \""
                    + Check.abbreviate(code) + "\"");
        }
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(field + " \"" + code + "\" is not a known ISO 4217 currency");
        }
        return code;
    }

    private static Layout checkLayout(Layout layout) {
        if (layout == null) throw new InvalidArgumentException("layout is required");
        return LayoutValidator.validate(layout);
    }

    private static Set<String> checkSeatIds(List<String> seatIds) {
        if (seatIds.isEmpty()) throw new InvalidArgumentException("seat_ids must name at least one seat");
        if (seatIds.size() > LayoutValidator.MAX_SEATS) {
            throw new InvalidArgumentException("seat_ids may name at most " + LayoutValidator.MAX_SEATS + " seats, got "
                    + seatIds.size());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < seatIds.size(); i++) {
            String seat = seatIds.get(i);
            if (seat.isBlank()) throw new InvalidArgumentException("seat_ids[" + i + "] is empty");
            if (seat.length() > MAX_SEAT_ID_LENGTH) {
                throw new InvalidArgumentException("seat_ids[" + i + "] is not a seat id (too long): \""
                        + Check.abbreviate(seat) + "\"");
            }
            ids.add(seat);
        }
        return ids;
    }

    /** A manager bound to one cinema may only change that cinema; chain-wide managers have no cinema. */
    private static void requireCinemaAccess(Principal caller, UUID cinemaId) {
        caller.cinema().ifPresent(own -> {
            if (!own.equalsIgnoreCase(cinemaId.toString())) {
                throw new PermissionDeniedException("You manage cinema " + own + " only; you may not change cinema "
                        + cinemaId);
            }
        });
    }

    // ----------------------------------------------------------------------------- storage

    private static CinemaEntity findCinema(Session session, UUID id) {
        CinemaEntity cinema = session.find(CinemaEntity.class, id);
        if (cinema == null) throw cinemaNotFound(id);
        return cinema;
    }

    private static HallEntity lockHall(Session session, UUID id) {
        HallEntity hall = session.find(HallEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (hall == null) throw hallNotFound(id);
        return hall;
    }

    private static Hall withLayout(Session session, HallEntity hall) {
        Layout layout = session.doReturningWork(connection ->
                SeatStore.load(connection, hall.id(), hall.width(), hall.depth()));
        return new Hall(hall.id(), hall.cinemaId(), hall.name(), layout.seatCount(), layout);
    }

    private static void requireUniqueCinemaName(Session session, String name, UUID except) {
        long taken = session.createSelectionQuery(
                        "select count(*) from CinemaEntity c where lower(c.name) = lower(:name) and c.id <> :except", Long.class)
                .setParameter("name", name)
                .setParameter("except", except == null ? new UUID(0, 0) : except)
                .getSingleResult();
        if (taken > 0) throw cinemaNameTaken(name);
    }

    private static void requireUniqueHallName(Session session, UUID cinemaId, String name, UUID except) {
        long taken = session.createSelectionQuery(
                        "select count(*) from HallEntity h where h.cinemaId = :cinema and lower(h.name) = lower(:name)"
                                + " and h.id <> :except", Long.class)
                .setParameter("cinema", cinemaId)
                .setParameter("name", name)
                .setParameter("except", except == null ? new UUID(0, 0) : except)
                .getSingleResult();
        if (taken > 0) throw hallNameTaken(name);
    }

    /**
     * Flushes pending changes; a concurrent request that took the same unique name between our
     * check and the insert surfaces as ALREADY_EXISTS rather than as an internal error.
     */
    private static void flush(Session session, String constraint, Supplier<DomainException> onViolation) {
        try {
            session.flush();
        } catch (RuntimeException e) {
            if (violates(e, constraint)) throw onViolation.get();
            throw e;
        }
    }

    private static boolean violates(Throwable error, String constraint) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())
                    && sql.getMessage() != null && sql.getMessage().contains(constraint)) {
                return true;
            }
            if (cause.getCause() == cause) break;
        }
        return false;
    }

    private static NotFoundException cinemaNotFound(UUID id) {
        return new NotFoundException("cinema " + id + " does not exist");
    }

    private static NotFoundException hallNotFound(UUID id) {
        return new NotFoundException("hall " + id + " does not exist");
    }

    private static AlreadyExistsException cinemaNameTaken(String name) {
        return new AlreadyExistsException("a cinema named \"" + name + "\" already exists");
    }

    private static AlreadyExistsException hallNameTaken(String name) {
        return new AlreadyExistsException("this cinema already has a hall named \"" + name + "\"");
    }
}
