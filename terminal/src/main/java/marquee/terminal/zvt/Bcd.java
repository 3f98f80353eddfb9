package marquee.terminal.zvt;

import java.io.ByteArrayOutputStream;

/** Packed BCD as ZVT uses it: two decimal digits per byte, most significant first. */
public final class Bcd {
    private Bcd() {}

    /** {@code value} as {@code bytes} bytes of packed BCD, zero-padded on the left. */
    public static byte[] encode(long value, int bytes) {
        if (value < 0) throw new IllegalArgumentException("BCD cannot hold a negative number");
        String digits = Long.toString(value);
        if (digits.length() > bytes * 2) throw new IllegalArgumentException(value + " does not fit into " + bytes + " BCD bytes");
        return encodeDigits("0".repeat(bytes * 2 - digits.length()) + digits);
    }

    /** An even number of decimal digits as packed BCD. */
    public static byte[] encodeDigits(String digits) {
        if (digits.length() % 2 != 0 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("BCD needs an even number of digits");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < digits.length(); i += 2) {
            out.write(((digits.charAt(i) - '0') << 4) | (digits.charAt(i + 1) - '0'));
        }
        return out.toByteArray();
    }

    /**
     * The nibbles as text: 0–9 as digits, {@code E} (a masked digit in a PAN) as {@code *}, {@code F}
     * (padding) left out.
     */
    public static String digits(byte[] bytes, int offset, int length) {
        StringBuilder s = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++) {
            nibble(s, (bytes[i] >> 4) & 0x0F);
            nibble(s, bytes[i] & 0x0F);
        }
        return s.toString();
    }

    public static String digits(byte[] bytes) {
        return digits(bytes, 0, bytes.length);
    }

    private static void nibble(StringBuilder s, int n) {
        if (n <= 9) s.append((char) ('0' + n));
        else if (n == 0x0E) s.append('*');
        else if (n != 0x0F) throw new IllegalArgumentException("not a BCD digit: " + Integer.toHexString(n));
    }

    /** A BCD number (no masking, no padding) as a long. */
    public static long decode(byte[] bytes, int offset, int length) {
        String d = digits(bytes, offset, length);
        if (d.isEmpty() || !d.chars().allMatch(Character::isDigit)) throw new IllegalArgumentException("not a BCD number: " + d);
        return Long.parseLong(d);
    }

    public static long decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** An amount in minor units as BMP 04 carries it: 6 bytes, 12 digits. */
    public static byte[] amount(long minor) {
        return encode(minor, 6);
    }

    /** A masked PAN like {@code ************4771} as BMP 22 value bytes: E for a masked digit, F-padded. */
    public static byte[] maskedPan(String masked) {
        String nibbles = masked.replace('*', 'E');
        if (nibbles.length() % 2 != 0) nibbles = nibbles + "F";
        byte[] out = new byte[nibbles.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Character.digit(nibbles.charAt(2 * i), 16) << 4) | Character.digit(nibbles.charAt(2 * i + 1), 16));
        }
        return out;
    }
}
