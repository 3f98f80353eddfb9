package marquee.terminal.zvt;

import java.util.Map;

/**
 * Texts for ZVT codes: intermediate status (04 FF, spec chapter 10) for the customer, result codes
 * (BMP 27 / 06 1E, spec chapter 11) for staff. Code values as listed in the spec and in the public
 * implementations ecrterm (common.py) and Portalum.Zvt (EnglishIntermediateStatusRepository).
 */
public final class ZvtCodes {
    private ZvtCodes() {}

    public static final int INSERT_CARD = 0x0A, WATCH_PIN_PAD = 0x01, INCORRECT_PIN = 0x15, PLEASE_WAIT = 0x0E,
            WAITING_FOR_FEP = 0x04, REMOVE_CARD = 0x0B, APPROVED_TAKE_GOODS = 0x1C, DECLINED = 0x1D;

    public static final int ABORT_TIMEOUT_OR_KEY = 0x6C, FUNCTION_NOT_POSSIBLE = 0x83, SYSTEM_ERROR = 0xFF,
            ALREADY_REVERSED = 0xB4, REVERSAL_NOT_POSSIBLE = 0xB5, WRONG_CURRENCY = 0x6F, CARD_EXPIRED = 0x78;

    /** What the customer should read on the kiosk while the terminal works. */
    private static final Map<Integer, String> CUSTOMER = Map.ofEntries(
            Map.entry(0x00, "Please confirm the amount on the card terminal"),
            Map.entry(0x01, "Enter your PIN on the card terminal"),
            Map.entry(0x02, "Enter your PIN on the card terminal"),
            Map.entry(0x03, "Card not accepted"),
            Map.entry(0x04, "Authorising, please wait"),
            Map.entry(0x07, "Card not accepted"),
            Map.entry(0x08, "Card unknown"),
            Map.entry(0x09, "Card expired"),
            Map.entry(0x0A, "Insert, tap or swipe your card"),
            Map.entry(0x0B, "Please remove your card"),
            Map.entry(0x0C, "Card not readable, please try again"),
            Map.entry(0x0E, "Please wait"),
            Map.entry(0x10, "Invalid card"),
            Map.entry(0x13, "Payment not possible"),
            Map.entry(0x14, "Credit not sufficient"),
            Map.entry(0x15, "Incorrect PIN, please try again"),
            Map.entry(0x17, "Please wait"),
            Map.entry(0x18, "PIN try limit exceeded"),
            Map.entry(0x1C, "Approved"),
            Map.entry(0x1D, "Declined"));

    private static final Map<Integer, String> RESULT = Map.ofEntries(
            Map.entry(0x00, "no error"),
            Map.entry(0x05, "declined by the card issuer"),
            Map.entry(0x64, "card not readable"),
            Map.entry(0x65, "card data not present"),
            Map.entry(0x66, "processing error"),
            Map.entry(0x6A, "turnover file full"),
            Map.entry(0x6B, "function deactivated (terminal not registered)"),
            Map.entry(0x6C, "aborted (timeout or abort key)"),
            Map.entry(0x6F, "wrong currency"),
            Map.entry(0x71, "credit not sufficient"),
            Map.entry(0x78, "card expired"),
            Map.entry(0x79, "card not yet valid"),
            Map.entry(0x7A, "card unknown"),
            Map.entry(0x7D, "communication error"),
            Map.entry(0x83, "function not possible"),
            Map.entry(0x9C, "please wait"),
            Map.entry(0xA0, "receiver not ready"),
            Map.entry(0xA1, "remote station does not respond"),
            Map.entry(0xA3, "no connection"),
            Map.entry(0xB4, "already reversed"),
            Map.entry(0xB5, "reversal not possible"),
            Map.entry(0xC3, "maximum amount exceeded"),
            Map.entry(0xC6, "currency not applicable"),
            Map.entry(0xCC, "printer not ready"),
            Map.entry(0xDC, "card inserted"),
            Map.entry(0xDF, "out of order"),
            Map.entry(0xFF, "system error"));

    public static String customerText(int status) {
        return CUSTOMER.getOrDefault(status, "Please follow the instructions on the card terminal");
    }

    public static String resultText(int code) {
        String text = RESULT.get(code);
        if (text != null) return text;
        if (code >= 0x01 && code <= 0x63) return "declined by the card issuer (code " + code + ")";
        return String.format("terminal error %02X", code);
    }

    /** Card type (BMP 8A) names for the common ones; the card name (BMP 8B) is preferred when sent. */
    public static String cardTypeName(int type) {
        return switch (type) {
            case 0x05 -> "girocard";
            case 0x06 -> "Mastercard";
            case 0x08 -> "American Express";
            case 0x0A -> "VISA";
            case 0x0C -> "Diners";
            case 0x0D -> "V PAY";
            case 0x2E -> "Maestro";
            default -> type == 0 ? "" : "card type " + type;
        };
    }

    /** ISO 4217 letters for the numeric code a terminal sends (978 → EUR). */
    public static String currencyLetters(int numeric) {
        for (java.util.Currency c : java.util.Currency.getAvailableCurrencies()) {
            if (c.getNumericCode() == numeric) return c.getCurrencyCode();
        }
        return String.valueOf(numeric);
    }

    public static int currencyNumeric(String letters) {
        return java.util.Currency.getInstance(letters).getNumericCode();
    }
}
