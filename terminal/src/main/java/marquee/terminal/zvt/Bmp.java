package marquee.terminal.zvt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bitmap fields ("BMPs") of ZVT data: a one-byte field number followed by a fixed-length value, an
 * LLVAR/LLLVAR value (length as two/three bytes {@code F0..F9}, one decimal digit each) or, for
 * BMP 06, a TLV container. Lengths per the ZVT spec's BMP table (chapter 12).
 */
public final class Bmp {
    public static final int TIMEOUT = 0x01, MAX_STATUS_INFOS = 0x02, SERVICE_BYTE = 0x03, AMOUNT = 0x04, TLV = 0x06,
            TRACE = 0x0B, TIME = 0x0C, DATE = 0x0D, EXPIRY = 0x0E, CARD_SEQUENCE = 0x17, PAYMENT_TYPE = 0x19,
            PAN = 0x22, RESULT_CODE = 0x27, TERMINAL_ID = 0x29, VU_NUMBER = 0x2A, AUTH_CODE = 0x3B,
            ADDITIONAL_TEXT = 0x3C, CURRENCY = 0x49, TOTALS = 0x60, RECEIPT = 0x87, TURNOVER = 0x88,
            CARD_TYPE = 0x8A, CARD_NAME = 0x8B, CARD_TYPE_ID = 0x8C, RESULT_CODE_AS = 0xA0, DATE_YYMMDD = 0xAA;

    private static final Map<Integer, Integer> FIXED = Map.ofEntries(
            Map.entry(0x01, 1), Map.entry(0x02, 1), Map.entry(0x03, 1), Map.entry(0x04, 6), Map.entry(0x05, 1),
            Map.entry(0x0B, 3), Map.entry(0x0C, 3), Map.entry(0x0D, 2), Map.entry(0x0E, 2), Map.entry(0x17, 2),
            Map.entry(0x19, 1), Map.entry(0x27, 1), Map.entry(0x29, 4), Map.entry(0x2A, 15), Map.entry(0x37, 3),
            Map.entry(0x3A, 2), Map.entry(0x3B, 8), Map.entry(0x3D, 3), Map.entry(0x49, 2), Map.entry(0x87, 2),
            Map.entry(0x88, 3), Map.entry(0x8A, 1), Map.entry(0x8C, 1), Map.entry(0xA0, 1), Map.entry(0xAA, 3),
            Map.entry(0xBA, 5), Map.entry(0xD0, 1), Map.entry(0xD2, 1), Map.entry(0xD3, 1), Map.entry(0xE0, 1),
            Map.entry(0xEA, 1), Map.entry(0xEB, 8));
    private static final Set<Integer> LLVAR = Set.of(0x22, 0x23, 0x2D, 0x8B, 0xA7, 0xD1,
            0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9);
    private static final Set<Integer> LLLVAR = Set.of(0x24, 0x2E, 0x3C, 0x60, 0x92, 0x9A, 0xAF);

    public record Field(int number, byte[] value) {
        public String ascii() {
            int end = value.length;
            while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) end--;
            return new String(value, 0, end, StandardCharsets.ISO_8859_1);
        }

        public String digits() {
            return Bcd.digits(value);
        }

        public long bcdValue() {
            return Bcd.decode(value);
        }

        public List<Tlv.Obj> tlv() {
            return Tlv.parse(value);
        }
    }

    private Bmp() {}

    /**
     * Parses fields from {@code offset} to the end. A field number this table does not know ends the
     * parse (its length cannot be known); what came before it is returned.
     */
    public static List<Field> parse(byte[] data, int offset) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {offset};
        while (pos[0] < data.length) {
            int number = data[pos[0]++] & 0xFF;
            int length;
            if (number == TLV) {
                length = Tlv.length(data, pos);
            } else if (FIXED.containsKey(number)) {
                length = FIXED.get(number);
            } else if (LLVAR.contains(number)) {
                length = varLength(data, pos, 2);
            } else if (LLLVAR.contains(number)) {
                length = varLength(data, pos, 3);
            } else {
                break;
            }
            if (pos[0] + length > data.length) throw new IllegalArgumentException(String.format("BMP %02X runs past the end", number));
            fields.add(new Field(number, java.util.Arrays.copyOfRange(data, pos[0], pos[0] + length)));
            pos[0] += length;
        }
        return fields;
    }

    public static List<Field> parse(byte[] data) {
        return parse(data, 0);
    }

    private static int varLength(byte[] data, int[] pos, int digits) {
        int length = 0;
        for (int i = 0; i < digits; i++) {
            int b = data[pos[0]++] & 0xFF;
            if ((b & 0xF0) != 0xF0 || (b & 0x0F) > 9) throw new IllegalArgumentException("bad LLVAR length byte " + Integer.toHexString(b));
            length = length * 10 + (b & 0x0F);
        }
        return length;
    }

    public static Optional<Field> find(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).findFirst();
    }

    /** Builds BMP data field by field. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Writer raw(byte... bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public Writer fixed(int number, byte... value) {
            Integer expected = FIXED.get(number);
            if (expected != null && expected != value.length) {
                throw new IllegalArgumentException(String.format("BMP %02X takes %d bytes, not %d", number, expected, value.length));
            }
            out.write(number);
            out.writeBytes(value);
            return this;
        }

        public Writer llvar(int number, byte[] value) {
            return var(number, value, 2);
        }

        public Writer lllvar(int number, byte[] value) {
            return var(number, value, 3);
        }

        private Writer var(int number, byte[] value, int digits) {
            out.write(number);
            String length = String.format("%0" + digits + "d", value.length);
            if (length.length() > digits) throw new IllegalArgumentException("value too long for its length field");
            for (char c : length.toCharArray()) out.write(0xF0 | (c - '0'));
            out.writeBytes(value);
            return this;
        }

        public Writer tlv(List<Tlv.Obj> objects) {
            byte[] content = Tlv.encode(objects);
            out.write(TLV);
            out.writeBytes(Tlv.encodeLength(content.length));
            out.writeBytes(content);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
