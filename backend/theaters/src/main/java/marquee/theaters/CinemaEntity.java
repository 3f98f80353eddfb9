package marquee.theaters;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code cinema}. */
@Entity
@Table(name = "cinema")
public class CinemaEntity {
    @Id
    private UUID id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 200)
    private String address;

    @Column(nullable = false, length = 100)
    private String city;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "max_seats_per_order", nullable = false)
    private int maxSeatsPerOrder;

    @Column(name = "forbid_single_empty_seat", nullable = false)
    private boolean forbidSingleEmptySeat;

    @Column(name = "offline_seats_per_showtime", nullable = false)
    private int offlineSeatsPerShowtime;

    @Column(name = "offline_kiosks_allowed", nullable = false)
    private boolean offlineKiosksAllowed;

    @Column(name = "offline_card_floor_limit_minor", nullable = false)
    private long offlineCardFloorLimitMinor;

    @Column(name = "offline_return_minutes_before", nullable = false)
    private int offlineReturnMinutesBefore;

    @Column(name = "offline_hours_ahead", nullable = false)
    private int offlineHoursAhead;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected CinemaEntity() {}

    CinemaEntity(UUID id, Instant now) {
        this.id = id;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Copies the (already validated) fields of {@code values}. */
    void apply(Cinema values, Instant now) {
        name = values.name();
        address = values.address();
        city = values.city();
        timeZone = values.timeZone();
        currency = values.currency();
        maxSeatsPerOrder = values.maxSeatsPerOrder();
        forbidSingleEmptySeat = values.forbidSingleEmptySeat();
        offlineSeatsPerShowtime = values.offline().seatsPerShowtime();
        offlineKiosksAllowed = values.offline().kiosksAllowed();
        offlineCardFloorLimitMinor = values.offline().cardFloorLimitMinor();
        offlineReturnMinutesBefore = values.offline().returnMinutesBefore();
        offlineHoursAhead = values.offline().hoursAhead();
        updatedAt = now;
    }

    Cinema toCinema() {
        return new Cinema(id, name, address, city, timeZone, currency, maxSeatsPerOrder, forbidSingleEmptySeat,
                new Cinema.Offline(offlineSeatsPerShowtime, offlineKiosksAllowed, offlineCardFloorLimitMinor,
                        offlineReturnMinutesBefore, offlineHoursAhead));
    }

    UUID id() {
        return id;
    }
}
