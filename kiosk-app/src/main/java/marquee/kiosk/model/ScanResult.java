package marquee.kiosk.model;

/** What a door shows for a scan: admit, or refuse with the reason. */
public enum ScanResult {
    ADMIT, ALREADY_USED, REVOKED, WRONG_SHOWTIME, TOO_EARLY, FORGED;

    public boolean admits() {
        return this == ADMIT;
    }
}
