package marquee.terminal;

/**
 * A terminal's end-of-day: the batch it closed and sent to the card processor.
 *
 * @param terminalId  the terminal's id
 * @param totalMinor  net total of the batch in minor units (payments − refunds − reversals)
 * @param count       number of transactions in the batch
 * @param currency    ISO 4217 letters
 * @param traceNumber trace number of the end-of-day
 */
public record EndOfDayTotals(String terminalId, long totalMinor, int count, String currency, String traceNumber) {}
