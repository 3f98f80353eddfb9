package marquee.kiosk.model;

public record CinemaInfo(String id, String name, String timeZone) {}
