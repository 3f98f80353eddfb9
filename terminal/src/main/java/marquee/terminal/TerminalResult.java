package marquee.terminal;

/**
 * What a terminal answered for one transaction: everything a card-present payment record and a
 * receipt need, and nothing more (the PAN arrives masked, e.g. {@code ************4771}).
 *
 * @param outcome      approved, declined (card or issuer said no) or aborted (customer, app or timeout)
 * @param amountMinor  amount in minor units as the terminal booked it
 * @param currency     ISO 4217 letters (the terminal sends the numeric code, e.g. 978 = EUR)
 * @param terminalId   the terminal's id (BMP 0x29, 8 digits)
 * @param traceNumber  trace number (BMP 0x0B, 6 digits)
 * @param receiptNumber receipt number (BMP 0x87, 4 digits): reversals refer to it
 * @param authCode     authorisation code from the card issuer (BMP 0x3B), may be empty
 * @param maskedPan    masked card number (BMP 0x22), may be empty
 * @param cardBrand    card name (BMP 0x8B) or, lacking it, the name of the card type (BMP 0x8A)
 * @param resultCode   ZVT result code (0 = ok)
 * @param message      plain words for staff and customer ("declined", "aborted by the customer")
 */
public record TerminalResult(Outcome outcome, long amountMinor, String currency, String terminalId, String traceNumber,
                             String receiptNumber, String authCode, String maskedPan, String cardBrand, int resultCode,
                             String message) {

    public enum Outcome { APPROVED, DECLINED, ABORTED }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }

    /** Last four digits of the masked PAN, or empty. */
    public String last4() {
        String digits = maskedPan == null ? "" : maskedPan.replaceAll("[^0-9]", "");
        return maskedPan != null && maskedPan.length() >= 4 && maskedPan.substring(maskedPan.length() - 4).chars().allMatch(Character::isDigit)
                ? maskedPan.substring(maskedPan.length() - 4) : (digits.length() >= 4 ? digits.substring(digits.length() - 4) : "");
    }

    public static TerminalResult aborted(int resultCode, String message) {
        return new TerminalResult(Outcome.ABORTED, 0, "", "", "", "", "", "", "", resultCode, message);
    }
}
