package marquee.theaters;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code hall}. Its rows and seats live in {@code hall_row} and {@code seat} (see {@link SeatStore}). */
@Entity
@Table(name = "hall")
public class HallEntity {
    @Id
    private UUID id;

    @Column(name = "cinema_id", nullable = false, updatable = false)
    private UUID cinemaId;

    @Column(nullable = false, length = 60)
    private String name;

    @Column(nullable = false)
    private int width;

    @Column(nullable = false)
    private int depth;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected HallEntity() {}

    HallEntity(UUID id, UUID cinemaId, Instant now) {
        this.id = id;
        this.cinemaId = cinemaId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void apply(String name, Layout layout, Instant now) {
        this.name = name;
        this.width = layout.width();
        this.depth = layout.depth();
        this.updatedAt = now;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }

    UUID id() {
        return id;
    }

    UUID cinemaId() {
        return cinemaId;
    }

    String name() {
        return name;
    }

    int width() {
        return width;
    }

    int depth() {
        return depth;
    }
}
