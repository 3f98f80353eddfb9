package marquee.terminal.zvt;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An Intermediate-Status-Information (04 FF): {@code <status> [<timeout>] [06 <TLV>]}. Terminals
 * that send display texts put them in TLV tag 24 as text lines (tag 07); those win over the
 * status code's standard text.
 */
public record IntermediateStatus(int status, String displayText) {
    public static IntermediateStatus parse(byte[] data) {
        if (data.length == 0) return new IntermediateStatus(-1, "");
        int status = data[0] & 0xFF;
        String text = "";
        if (data.length > 2 && (data[2] & 0xFF) == Bmp.TLV) {
            List<Bmp.Field> fields = Bmp.parse(data, 2);
            text = Bmp.find(fields, Bmp.TLV)
                    .map(f -> Tlv.findAll(f.tlv(), 0x07).stream().map(Tlv.Obj::ascii).collect(Collectors.joining("\n")))
                    .orElse("");
        }
        return new IntermediateStatus(status, text);
    }

    /** What the customer reads. */
    public String customerText() {
        return displayText.isEmpty() ? ZvtCodes.customerText(status) : displayText;
    }
}
