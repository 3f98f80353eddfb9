package marquee.kiosk.model;

/** One seat of the hall layout; {@code partnerId} is the other half of a sofa, or empty. */
public record SeatInfo(String id, String row, int number, int x, int width, SeatCategory category, boolean blocked,
                String partnerId) {}
