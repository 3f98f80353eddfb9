package marquee.kiosk.model;

public record StaffMember(String id, String login, String name, StaffRole role, String cinemaId) {}
