package marquee.terminal.zvt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TLV container (BMP 06) of ZVT: BER-TLV style tags (one byte, or more when the low five bits
 * are all set, continued while bit 8 is set), lengths of one byte below 0x80, else 0x81 + one byte
 * or 0x82 + two bytes (big endian). A tag with bit 6 (0x20) of its first byte is constructed and
 * holds further objects.
 */
public final class Tlv {
    private Tlv() {}

    public record Obj(int tag, byte[] value) {
        public boolean constructed() {
            int first = tag;
            while (first > 0xFF) first >>>= 8;
            return (first & 0x20) != 0;
        }

        public List<Obj> children() {
            return constructed() ? parse(value) : List.of();
        }

        public String ascii() {
            int end = value.length;
            while (end > 0 && value[end - 1] == 0) end--;
            return new String(value, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** The top-level objects of a container's content. */
    public static List<Obj> parse(byte[] content) {
        List<Obj> objects = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < content.length) {
            int tag = content[pos[0]++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                int b;
                do {
                    b = content[pos[0]++] & 0xFF;
                    tag = (tag << 8) | b;
                } while ((b & 0x80) != 0);
            }
            int length = length(content, pos);
            if (pos[0] + length > content.length) throw new IllegalArgumentException("TLV object longer than its container");
            byte[] value = java.util.Arrays.copyOfRange(content, pos[0], pos[0] + length);
            pos[0] += length;
            objects.add(new Obj(tag, value));
        }
        return objects;
    }

    /** Reads a TLV length at {@code pos[0]} and moves past it. */
    static int length(byte[] bytes, int[] pos) {
        int first = bytes[pos[0]++] & 0xFF;
        if (first < 0x80) return first;
        if (first == 0x81) return bytes[pos[0]++] & 0xFF;
        if (first == 0x82) {
            int value = ((bytes[pos[0]] & 0xFF) << 8) | (bytes[pos[0] + 1] & 0xFF);
            pos[0] += 2;
            return value;
        }
        throw new IllegalArgumentException("unsupported TLV length byte " + Integer.toHexString(first));
    }

    static byte[] encodeLength(int length) {
        if (length < 0x80) return new byte[] {(byte) length};
        if (length <= 0xFF) return new byte[] {(byte) 0x81, (byte) length};
        return new byte[] {(byte) 0x82, (byte) (length >>> 8), (byte) length};
    }

    public static byte[] encode(List<Obj> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Obj o : objects) {
            int tag = o.tag();
            if (tag > 0xFFFF) out.write(tag >>> 16);
            if (tag > 0xFF) out.write((tag >>> 8) & 0xFF);
            out.write(tag & 0xFF);
            out.writeBytes(encodeLength(o.value().length));
            out.writeBytes(o.value());
        }
        return out.toByteArray();
    }

    /** The first object with {@code tag}, searched depth-first through constructed objects. */
    public static Optional<Obj> find(List<Obj> objects, int tag) {
        for (Obj o : objects) {
            if (o.tag() == tag) return Optional.of(o);
            if (o.constructed()) {
                Optional<Obj> inner = find(o.children(), tag);
                if (inner.isPresent()) return inner;
            }
        }
        return Optional.empty();
    }

    /** All objects with {@code tag}, depth-first. */
    public static List<Obj> findAll(List<Obj> objects, int tag) {
        List<Obj> found = new ArrayList<>();
        for (Obj o : objects) {
            if (o.tag() == tag) found.add(o);
            if (o.constructed()) found.addAll(findAll(o.children(), tag));
        }
        return found;
    }
}
