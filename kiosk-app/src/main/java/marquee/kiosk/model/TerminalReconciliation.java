package marquee.kiosk.model;

/** The terminal reconciliation recorded at a shift's close: terminal total, shift card takings, difference (issue 16). */
public record TerminalReconciliation(String terminalId, Money terminalTotal, int terminalCount, Money shiftCardTakings,
                                     int shiftCardCount, Money difference) {}
