package marquee.kiosk.printing;

/** Paper a PDF is laid out for. */
public enum PaperFormat {
    /** A thermal roll: one ticket per page, as a roll printer would cut it. */
    THERMAL_80MM,
    /** A sheet: tickets in a grid, for office printers and e-mail. */
    A4
}
