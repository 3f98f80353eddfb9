package marquee.kiosk.seatmap;

/** What kind of place a seat is; mirrors the theaters contract without depending on it. */
public enum SeatCategory {
    STANDARD, PREMIUM, WHEELCHAIR, COMPANION, COUPLE
}
