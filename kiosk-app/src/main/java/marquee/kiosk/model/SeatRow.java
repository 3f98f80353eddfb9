package marquee.kiosk.model;

import java.util.List;

public record SeatRow(String label, int y, List<SeatInfo> seats) {}
