package marquee.terminal.zvt;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One ZVT application protocol data unit: control field (CLASS, INSTR), length, data.
 * Over TCP/IP the APDUs follow each other without any further framing. A length up to 254 is one
 * byte; longer data is announced by {@code FF} followed by the length in two bytes, low byte first
 * (ZVT spec chapter 2, "APDU"; e.g. {@code FF 00 01} = 256).
 */
public record Apdu(int cls, int instr, byte[] data) {
    /** ECR and PT acknowledge a command with {@code 80 00 00}. */
    public static final Apdu ACK = new Apdu(0x80, 0x00, new byte[0]);

    public Apdu {
        if (cls < 0 || cls > 0xFF || instr < 0 || instr > 0xFF) throw new IllegalArgumentException("control field out of range");
        data = data == null ? new byte[0] : data.clone();
        if (data.length > 0xFFFF) throw new IllegalArgumentException("APDU data longer than 65535 bytes");
    }

    public static Apdu of(int cls, int instr, byte... data) {
        return new Apdu(cls, instr, data);
    }

    /** A negative acknowledgement {@code 84 <code> 00}. */
    public static Apdu nak(int code) {
        return new Apdu(0x84, code, new byte[0]);
    }

    public boolean is(int cls, int instr) {
        return this.cls == cls && this.instr == instr;
    }

    public boolean isAck() {
        return cls == 0x80 && instr == 0x00;
    }

    public boolean isNak() {
        return cls == 0x84;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 5);
        out.write(cls);
        out.write(instr);
        if (data.length < 0xFF) {
            out.write(data.length);
        } else {
            out.write(0xFF);
            out.write(data.length & 0xFF);
            out.write((data.length >>> 8) & 0xFF);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Decodes exactly one APDU that fills {@code bytes}. */
    public static Apdu decode(byte[] bytes) {
        try {
            var in = new java.io.ByteArrayInputStream(bytes);
            Apdu apdu = read(in);
            if (in.available() != 0) throw new IllegalArgumentException(in.available() + " bytes after the APDU");
            return apdu;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated APDU: " + HexFormat.ofDelimiter(" ").formatHex(bytes), e);
        }
    }

    /** Reads the next APDU; {@link EOFException} when the stream ends (the other side closed the connection). */
    public static Apdu read(InputStream in) throws IOException {
        int cls = in.read();
        if (cls < 0) throw new EOFException("connection closed");
        int instr = next(in);
        int length = next(in);
        if (length == 0xFF) {
            int low = next(in);
            int high = next(in);
            length = low | (high << 8);
        }
        byte[] data = in.readNBytes(length);
        if (data.length < length) throw new EOFException("connection closed inside an APDU");
        return new Apdu(cls, instr, data);
    }

    private static int next(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("connection closed inside an APDU");
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Apdu other && cls == other.cls && instr == other.instr && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cls + instr) + Arrays.hashCode(data);
    }

    /** Hex of the control field and length only: the data may hold receipt texts, never logged whole. */
    @Override
    public String toString() {
        return String.format("%02X %02X (%d bytes)", cls, instr, data.length);
    }
}
