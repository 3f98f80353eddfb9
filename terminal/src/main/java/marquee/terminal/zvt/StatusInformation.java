package marquee.terminal.zvt;

import java.util.List;
import java.util.Optional;
import marquee.terminal.EndOfDayTotals;
import marquee.terminal.TerminalResult;

/**
 * A parsed Status-Information (04 0F): the result of a transaction as the terminal reports it.
 * Fields not sent are empty strings or -1.
 */
public record StatusInformation(int resultCode, long amountMinor, int currencyNumeric, String traceNumber,
                                String receiptNumber, String terminalId, String authCode, String maskedPan,
                                int cardType, String cardName, String time, String date, String additionalText,
                                List<Bmp.Field> fields) {

    public static StatusInformation parse(byte[] data) {
        List<Bmp.Field> fields = Bmp.parse(data);
        int result = Bmp.find(fields, Bmp.RESULT_CODE).map(f -> f.value()[0] & 0xFF).orElse(0);
        long amount = Bmp.find(fields, Bmp.AMOUNT).map(Bmp.Field::bcdValue).orElse(-1L);
        int currency = Bmp.find(fields, Bmp.CURRENCY).map(f -> (int) f.bcdValue()).orElse(-1);
        String cardName = Bmp.find(fields, Bmp.CARD_NAME).map(Bmp.Field::ascii).orElse("");
        if (cardName.isEmpty()) {
            // Newer terminals send the application label in the TLV container (tag 44 inside 60, or 1F…).
            Optional<Tlv.Obj> tlvName = Bmp.find(fields, Bmp.TLV).flatMap(f -> Tlv.find(f.tlv(), 0x44));
            cardName = tlvName.map(Tlv.Obj::ascii).orElse("");
        }
        return new StatusInformation(result, amount, currency,
                Bmp.find(fields, Bmp.TRACE).map(Bmp.Field::digits).orElse(""),
                Bmp.find(fields, Bmp.RECEIPT).map(Bmp.Field::digits).orElse(""),
                Bmp.find(fields, Bmp.TERMINAL_ID).map(Bmp.Field::digits).orElse(""),
                Bmp.find(fields, Bmp.AUTH_CODE).map(Bmp.Field::ascii).orElse(""),
                Bmp.find(fields, Bmp.PAN).map(Bmp.Field::digits).orElse(""),
                Bmp.find(fields, Bmp.CARD_TYPE).map(f -> f.value()[0] & 0xFF).orElse(0),
                cardName,
                Bmp.find(fields, Bmp.TIME).map(Bmp.Field::digits).orElse(""),
                Bmp.find(fields, Bmp.DATE).map(Bmp.Field::digits).orElse(""),
                Bmp.find(fields, Bmp.ADDITIONAL_TEXT).map(Bmp.Field::ascii).orElse(""),
                fields);
    }

    public String currency() {
        return currencyNumeric < 0 ? "" : ZvtCodes.currencyLetters(currencyNumeric);
    }

    public String brand() {
        return !cardName.isEmpty() ? cardName : ZvtCodes.cardTypeName(cardType);
    }

    public TerminalResult toResult(TerminalResult.Outcome outcome, String fallbackCurrency) {
        String message = outcome == TerminalResult.Outcome.APPROVED ? "approved" : ZvtCodes.resultText(resultCode);
        return new TerminalResult(outcome, Math.max(0, amountMinor), currencyNumeric < 0 ? fallbackCurrency : currency(),
                terminalId, traceNumber, receiptNumber, authCode, maskedPan, brand(), resultCode, message);
    }

    /**
     * End-of-day totals: BMP 04 is the batch total; BMP 60 ("single totals") holds receipt numbers from/to
     * and, per card family, a one-byte binary count and a 6-byte BCD total.
     */
    public EndOfDayTotals toTotals(String fallbackCurrency) {
        int count = 0;
        Optional<Bmp.Field> totals = Bmp.find(fields, Bmp.TOTALS);
        if (totals.isPresent()) {
            byte[] v = totals.get().value();
            for (int i = 4; i + 7 <= v.length; i += 7) count += v[i] & 0xFF;
        }
        return new EndOfDayTotals(terminalId, Math.max(0, amountMinor), count, currencyNumeric < 0 ? fallbackCurrency : currency(),
                traceNumber);
    }
}
