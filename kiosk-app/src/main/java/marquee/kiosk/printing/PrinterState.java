package marquee.kiosk.printing;

/** What a printer reports before the kiosk takes money. */
public enum PrinterState {
    READY,
    /** Still prints, but the roll is nearly used up: staff should change it soon. */
    PAPER_LOW,
    PAPER_OUT,
    COVER_OPEN,
    /** Cutter jam, head too hot, or any other error the printer reports. */
    FAULT,
    /** Not reachable at all (no answer on the network, device file missing). */
    OFFLINE,
    /** Reachable, but it does not report its state (a device file, an OS printer). */
    UNKNOWN;

    /**
     * Whether a job sent now is expected to come out. UNKNOWN counts as printable: printers that
     * cannot report would otherwise never be used.
     */
    public boolean canPrint() {
        return this == READY || this == PAPER_LOW || this == UNKNOWN;
    }
}
