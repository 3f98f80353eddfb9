package marquee.movies;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A showtime row with its price list. The database refuses a second SCHEDULED showtime whose
 * [starts_at, ends_at) overlaps this one in the same hall (see V1__movies_and_showtimes.sql).
 */
@Entity
@Table(name = "showtimes")
public class ShowtimeEntity {
    /** Lifecycle of a showtime; only SCHEDULED ones take their hall. */
    public enum Status { SCHEDULED, CANCELLED }

    @Id
    private UUID id;
    @Column(name = "movie_id", nullable = false)
    private UUID movieId;
    @Column(name = "cinema_id", nullable = false)
    private UUID cinemaId;
    @Column(name = "hall_id", nullable = false)
    private UUID hallId;
    @Column(name = "hall_name", nullable = false)
    private String hallName;
    @Column(name = "movie_title", nullable = false)
    private String movieTitle;
    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;
    @Column(name = "ends_at", nullable = false)
    private Instant endsAt;
    @Column(name = "business_date", nullable = false)
    private LocalDate businessDate;
    @Column(nullable = false)
    private String format;
    @Column(nullable = false)
    private String currency;
    @Column(name = "booking_fee_minor", nullable = false)
    private long bookingFeeMinor;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "cancelled_at")
    private Instant cancelledAt;
    @Version
    private int version;

    @ElementCollection
    @CollectionTable(name = "showtime_prices", joinColumns = @JoinColumn(name = "showtime_id"))
    private List<PriceEntry> prices = new ArrayList<>();

    protected ShowtimeEntity() {}

    ShowtimeEntity(UUID id, UUID movieId, String movieTitle, Theaters.Hall hall, Instant startsAt, Instant endsAt,
                   LocalDate businessDate, String format, PriceList priceList, Instant now) {
        this.id = id;
        this.movieId = movieId;
        this.movieTitle = movieTitle;
        this.cinemaId = hall.cinemaId();
        this.hallId = hall.id();
        this.hallName = hall.name();
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.businessDate = businessDate;
        this.format = format;
        this.currency = priceList.currency();
        this.bookingFeeMinor = priceList.bookingFeeMinor();
        this.prices = new ArrayList<>(priceList.prices());
        this.status = Status.SCHEDULED;
        this.createdAt = now;
    }

    /** Returns false when it was already cancelled (nothing changes then). */
    boolean cancel(Instant now) {
        if (status == Status.CANCELLED) return false;
        status = Status.CANCELLED;
        cancelledAt = now;
        return true;
    }

    public UUID id() { return id; }
    public UUID movieId() { return movieId; }
    public UUID cinemaId() { return cinemaId; }
    public UUID hallId() { return hallId; }
    public String hallName() { return hallName; }
    public String movieTitle() { return movieTitle; }
    public Instant startsAt() { return startsAt; }
    public Instant endsAt() { return endsAt; }
    public LocalDate businessDate() { return businessDate; }
    public String format() { return format; }
    public Status status() { return status; }
    public Instant createdAt() { return createdAt; }
    public Instant cancelledAt() { return cancelledAt; }

    /** The price list; the prices must have been loaded while the session was open. */
    public PriceList priceList() {
        List<PriceEntry> sorted = new ArrayList<>(prices);
        sorted.sort(PriceEntry.ORDER);
        return new PriceList(currency, List.copyOf(sorted), bookingFeeMinor);
    }

    /** Loads the price list so that {@link #priceList()} works after the session closed. */
    ShowtimeEntity withPricesLoaded() {
        prices.size();
        return this;
    }
}
