package marquee.kiosk.offline;

import java.security.SecureRandom;

/**
 * Booking codes for offline sales: 8 characters from the booking-code alphabet (no 0/O, 1/I/L,
 * as the reservations service's 6-character codes), so they never collide with an online code
 * and are as easy to read out at the counter. 25^8 ≈ 1.5 × 10^11 codes: two tills picking the same
 * one in an outage is negligible, and the backend refuses a duplicate on upload.
 */
public final class BookingCodes {
    public static final String ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    public static final int LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BookingCodes() {}

    public static String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        return new String(code);
    }
}
