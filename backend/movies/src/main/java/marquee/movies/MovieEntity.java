package marquee.movies;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A film row. */
@Entity
@Table(name = "movies")
public class MovieEntity {
    @Id
    private UUID id;
    @Column(nullable = false)
    private String title;
    @Column(name = "runtime_minutes", nullable = false)
    private int runtimeMinutes;
    @Column(nullable = false)
    private String rating;
    @Column(nullable = false)
    private String[] genres;
    @Column(nullable = false)
    private String synopsis;
    @Column(name = "poster_url", nullable = false)
    private String posterUrl;
    @Column(nullable = false)
    private String language;
    @Column(name = "release_date")
    private LocalDate releaseDate;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private int version;

    protected MovieEntity() {}

    MovieEntity(UUID id, MovieDetails details, Instant now) {
        this.id = id;
        this.createdAt = now;
        apply(details, now);
    }

    void apply(MovieDetails details, Instant now) {
        this.title = details.title();
        this.runtimeMinutes = details.runtimeMinutes();
        this.rating = details.rating();
        this.genres = details.genres().toArray(String[]::new);
        this.synopsis = details.synopsis();
        this.posterUrl = details.posterUrl();
        this.language = details.language();
        this.releaseDate = details.releaseDate();
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public String title() { return title; }
    public int runtimeMinutes() { return runtimeMinutes; }
    public String rating() { return rating; }
    public List<String> genres() { return List.of(genres); }
    public String synopsis() { return synopsis; }
    public String posterUrl() { return posterUrl; }
    public String language() { return language; }
    /** Null when unknown. */
    public LocalDate releaseDate() { return releaseDate; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
