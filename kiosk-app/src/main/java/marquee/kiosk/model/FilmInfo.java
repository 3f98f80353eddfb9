package marquee.kiosk.model;

import java.util.List;

/** A film on the programme. {@code posterUrl} is empty when there is none. */
public record FilmInfo(String id, String title, int runtimeMinutes, String rating, List<String> genres, String posterUrl) {}
