package marquee.kiosk.printing;

/** A printer's state with a plain-language detail for the "out of order" screen and the log. */
public record PrinterStatus(String printer, PrinterState state, String detail) {
    public boolean canPrint() {
        return state.canPrint();
    }
}
