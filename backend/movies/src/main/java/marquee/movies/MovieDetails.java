package marquee.movies;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import marquee.platform.errors.Check;
import marquee.platform.errors.InvalidArgumentException;

/** The editable facts of a film, validated. Text is trimmed; optional text is "" when absent. */
record MovieDetails(String title, int runtimeMinutes, String rating, List<String> genres, String synopsis,
                    String posterUrl, String language, LocalDate releaseDate) {
    static final int MAX_GENRES = 10;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
    private static final Pattern NO_SPACE = Pattern.compile("\\S*");

    /**
     * Checks raw request values; {@code prefix} is put before field names in messages
     * ("movie." for UpdateMovie, where the values sit in a nested message).
     */
    static MovieDetails validate(String prefix, String title, int runtimeMinutes, String rating, List<String> genres,
                                 String synopsis, String posterUrl, String language, String releaseDate) {
        String checkedTitle = Check.text(prefix + "title", title, 1, 200);
        Check.range(prefix + "runtime_minutes", runtimeMinutes, 1, 600);
        String checkedRating = Check.text(prefix + "rating", rating, 0, 20);
        if (genres.size() > MAX_GENRES) {
            throw new InvalidArgumentException(prefix + "genres may have at most " + MAX_GENRES + " entries, got " + genres.size());
        }
        List<String> checkedGenres = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < genres.size(); i++) {
            String genre = Check.text(prefix + "genres[" + i + "]", genres.get(i), 1, 40);
            if (!seen.add(genre.toLowerCase(Locale.ROOT))) {
                throw new InvalidArgumentException(prefix + "genres lists \"" + genre + "\" twice");
            }
            checkedGenres.add(genre);
        }
        String checkedSynopsis = Check.text(prefix + "synopsis", synopsis, 0, 4000);
        String checkedPoster = Check.text(prefix + "poster_url", posterUrl, 0, 500);
        if (!NO_SPACE.matcher(checkedPoster).matches()) {
            throw new InvalidArgumentException(prefix + "poster_url must be a URL or resource path without spaces");
        }
        String checkedLanguage = Check.text(prefix + "language", language, 0, 35);
        if (!checkedLanguage.isEmpty() && !LANGUAGE.matcher(checkedLanguage).matches()) {
            throw new InvalidArgumentException(prefix + "language must be a language code such as \"en\" or \"pt-BR\", got \""
                    + Check.abbreviate(checkedLanguage) + "\"");
        }
        LocalDate checkedRelease = Inputs.optionalDate(prefix + "release_date", releaseDate);
        return new MovieDetails(checkedTitle, runtimeMinutes, checkedRating, List.copyOf(checkedGenres), checkedSynopsis,
                checkedPoster, checkedLanguage, checkedRelease);
    }
}
