package marquee.terminal.zvt;

/**
 * The ECR → PT commands Marquee sends, byte for byte as the ZVT spec lays them out. A currency of
 * 0 leaves BMP 49 out (the terminal's own currency then applies).
 */
public final class Commands {
    private Commands() {}

    /** 06 00 Registration: {@code <password 3 BCD> <config-byte> [<currency 2 BCD>]}. */
    public static Apdu registration(String password, int configByte, int currencyNumeric) {
        Bmp.Writer w = new Bmp.Writer().raw(password(password)).raw((byte) configByte);
        if (currencyNumeric > 0) w.raw(Bcd.encode(currencyNumeric, 2));
        return new Apdu(0x06, 0x00, w.bytes());
    }

    /** 06 01 Authorisation: {@code 04 <amount 6 BCD> [49 <currency>]}. */
    public static Apdu authorization(long amountMinor, int currencyNumeric) {
        Bmp.Writer w = new Bmp.Writer().fixed(Bmp.AMOUNT, Bcd.amount(amountMinor));
        if (currencyNumeric > 0) w.fixed(Bmp.CURRENCY, Bcd.encode(currencyNumeric, 2));
        return new Apdu(0x06, 0x01, w.bytes());
    }

    /** 06 B0 Abort, sent by the ECR while the terminal runs a command. */
    public static Apdu abort() {
        return new Apdu(0x06, 0xB0, new byte[0]);
    }

    /** 06 30 Reversal: {@code <password> 87 <receipt-no 2 BCD>}. */
    public static Apdu reversal(String password, String receiptNumber) {
        return new Apdu(0x06, 0x30, new Bmp.Writer().raw(password(password))
                .fixed(Bmp.RECEIPT, Bcd.encode(Long.parseLong(receiptNumber), 2)).bytes());
    }

    /** 06 31 Refund: {@code <password> 04 <amount> [49 <currency>]}. */
    public static Apdu refund(String password, long amountMinor, int currencyNumeric) {
        Bmp.Writer w = new Bmp.Writer().raw(password(password)).fixed(Bmp.AMOUNT, Bcd.amount(amountMinor));
        if (currencyNumeric > 0) w.fixed(Bmp.CURRENCY, Bcd.encode(currencyNumeric, 2));
        return new Apdu(0x06, 0x31, w.bytes());
    }

    /** 06 50 End-of-Day: {@code <password>}. */
    public static Apdu endOfDay(String password) {
        return new Apdu(0x06, 0x50, password(password));
    }

    /** 06 20 Repeat Receipt: the terminal sends its last transaction's Status-Information again. */
    public static Apdu repeatReceipt(String password) {
        return new Apdu(0x06, 0x20, password(password));
    }

    /** 05 01 Status-Enquiry: {@code <password>}. */
    public static Apdu statusEnquiry(String password) {
        return new Apdu(0x05, 0x01, password(password));
    }

    /** 06 0F Completion without data. */
    public static Apdu completion() {
        return new Apdu(0x06, 0x0F, new byte[0]);
    }

    /** 06 1E Abort from the PT with its result code. */
    public static Apdu ptAbort(int resultCode) {
        return new Apdu(0x06, 0x1E, new byte[] {(byte) resultCode});
    }

    static byte[] password(String password) {
        String p = password == null ? "" : password.strip();
        if (!p.matches("\\d{6}")) throw new IllegalArgumentException("the terminal password has six digits");
        return Bcd.encodeDigits(p);
    }
}
