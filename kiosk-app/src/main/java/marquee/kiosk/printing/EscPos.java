package marquee.kiosk.printing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * ESC/POS commands as raw bytes. Written by hand rather than with escpos-coffee: a ticket needs
 * a handful of commands (init, code page, alignment, emphasis, size, QR, cut), the real-time
 * status query (DLE EOT) must be read back over the same socket — which escpos-coffee's
 * output-stream model does not do — and tests can compare bytes against the Epson reference
 * one to one.
 */
public final class EscPos {
    static final byte ESC = 0x1B;
    static final byte GS = 0x1D;
    static final byte DLE = 0x10;
    static final byte EOT = 0x04;
    /** Characters per line in font A on 80 mm paper (72 mm printable, 576 dots / 12). */
    public static final int LINE_WIDTH = 48;
    /** Windows-1252 covers € and German umlauts; ESC t 16 selects it on Epson-compatible printers. */
    static final Charset CODE_PAGE = Charset.forName("windows-1252");
    private static final int CODE_PAGE_NUMBER = 16;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static EscPos start() {
        EscPos escPos = new EscPos();
        escPos.raw(ESC, '@');                                 // initialise: forget any earlier job's modes
        escPos.raw(ESC, 't', CODE_PAGE_NUMBER);
        return escPos;
    }

    public EscPos raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    public EscPos align(char how) {
        return raw(ESC, 'a', switch (how) {
            case 'C' -> 1;
            case 'R' -> 2;
            default -> 0;
        });
    }

    public EscPos bold(boolean on) {
        return raw(ESC, 'E', on ? 1 : 0);
    }

    /** Character size, 1–8 times in each direction (GS !). */
    public EscPos size(int width, int height) {
        return raw(GS, '!', ((width - 1) << 4) | (height - 1));
    }

    /** White on black (GS B), for the duplicate mark. */
    public EscPos reverse(boolean on) {
        return raw(GS, 'B', on ? 1 : 0);
    }

    public EscPos line(String text) {
        byte[] bytes = encode(text);
        out.write(bytes, 0, bytes.length);
        out.write('\n');
        return this;
    }

    /** Left text and right-aligned amount on one line, shortening the text when both do not fit. */
    public EscPos columns(String left, String right, int width) {
        int room = Math.max(1, width - right.length() - 1);
        String l = left.length() > room ? left.substring(0, room) : left;
        return line(l + " ".repeat(Math.max(1, width - l.length() - right.length())) + right);
    }

    public EscPos feed(int lines) {
        return raw(ESC, 'd', lines);
    }

    /**
     * A QR code (GS ( k): model 2, module size, error correction M, store the data, print it.
     * The payload is ASCII (base64url and dots), so its bytes are its characters.
     */
    public EscPos qr(String payload, int moduleSize) {
        byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
        raw(GS, '(', 'k', 4, 0, '1', 'A', '2', 0);           // fn 165: model 2
        raw(GS, '(', 'k', 3, 0, '1', 'C', moduleSize);       // fn 167: module size in dots
        raw(GS, '(', 'k', 3, 0, '1', 'E', '1');              // fn 169: error correction M (48 + 1)
        int length = data.length + 3;
        raw(GS, '(', 'k', length & 0xFF, (length >> 8) & 0xFF, '1', 'P', '0'); // fn 180: store
        out.write(data, 0, data.length);
        return raw(GS, '(', 'k', 3, 0, '1', 'Q', '0');       // fn 181: print the stored code
    }

    /** Feeds the paper past the cutter and cuts partially (GS V 66 n), leaving a tab that holds the roll. */
    public EscPos cut() {
        return raw(GS, 'V', 66, 3);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] encode(String text) {
        CharsetEncoder encoder = CODE_PAGE.newEncoder().onUnmappableCharacter(CodingErrorAction.REPLACE)
                .onMalformedInput(CodingErrorAction.REPLACE).replaceWith(new byte[] {'?'});
        try {
            var buffer = encoder.encode(java.nio.CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
