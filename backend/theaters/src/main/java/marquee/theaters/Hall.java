package marquee.theaters;

import java.util.UUID;

/** A hall of a cinema; {@code layout} is null in lists, which carry only the seat count. */
public record Hall(UUID id, UUID cinemaId, String name, int seatCount, Layout layout) {}
