package marquee.terminal.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import marquee.terminal.EndOfDayTotals;
import marquee.terminal.TerminalResult;
import org.junit.jupiter.api.Test;

/**
 * ZVT byte layouts checked against the published spec's layouts and against byte sequences that
 * public ZVT implementations use in their own tests (captured from real terminals). Each vector
 * names where it comes from.
 */
class ZvtBytesTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s-]", ""));
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b).toUpperCase();
    }

    @Test
    void authorizationCarriesTheAmountAsSixBcdBytesInBmp04() {
        // Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/ZvtClientTest.cs, PaymentAsync_SuccessfulPayment_Successful:
        // PaymentAsync(10) (10.00 EUR, no currency) sends 06 01 07 04 00 00 00 00 10 00
        assertThat(hex(Commands.authorization(1000, 0).encode())).isEqualTo("06 01 07 04 00 00 00 00 10 00");
        // same test class, PaymentAsync_IssueOfGoods_*: 33.00 -> 04 00 00 00 00 33 00
        assertThat(hex(Commands.authorization(3300, 0).encode())).startsWith("06 01 07 04 00 00 00 00 33 00");
        // with the currency (ZVT spec 06 01: BMP 49 <CC 2 byte BCD>, EUR = 0978)
        assertThat(hex(Commands.authorization(1234, 978).encode())).isEqualTo("06 01 0A 04 00 00 00 00 12 34 49 09 78");
    }

    @Test
    void registrationIsPasswordConfigByteAndCurrency() {
        // ZVT spec 06 00 Registration: <password 3 byte BCD> <config-byte> [<CC 2 byte BCD>] [03 <service-byte>]
        assertThat(hex(Commands.registration("123456", 0xBA, 978).encode())).isEqualTo("06 00 06 12 34 56 BA 09 78");
        assertThat(hex(Commands.registration("000000", 0x08, 0).encode())).isEqualTo("06 00 04 00 00 00 08");
        assertThatThrownBy(() -> Commands.registration("12345", 0x08, 978)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminCommandsHaveThePasswordFirst() {
        // ZVT spec: 06 30 Reversal <password> 87 <receipt-no>; 06 31 Refund <password> 04 <amount>; 06 50 End-of-Day
        // <password>; 06 20 Repeat Receipt <password>; 05 01 Status-Enquiry <password>; 06 B0 Abort without data
        assertThat(hex(Commands.reversal("000000", "0470").encode())).isEqualTo("06 30 06 00 00 00 87 04 70");
        assertThat(hex(Commands.refund("123456", 2040, 978).encode())).isEqualTo("06 31 0D 12 34 56 04 00 00 00 00 20 40 49 09 78");
        assertThat(hex(Commands.endOfDay("123456").encode())).isEqualTo("06 50 03 12 34 56");
        assertThat(hex(Commands.repeatReceipt("123456").encode())).isEqualTo("06 20 03 12 34 56");
        assertThat(hex(Commands.statusEnquiry("123456").encode())).isEqualTo("05 01 03 12 34 56");
        assertThat(hex(Commands.abort().encode())).isEqualTo("06 B0 00");
        // Portalum ZvtClientTest: the PT's completion 06 0F 00, abort 06 1E 01 05, ACK 80 00 00
        assertThat(hex(Commands.completion().encode())).isEqualTo("06 0F 00");
        assertThat(hex(Commands.ptAbort(0x05).encode())).isEqualTo("06 1E 01 05");
        assertThat(hex(Apdu.ACK.encode())).isEqualTo("80 00 00");
    }

    @Test
    void extendedLengthIsFFThenTwoBytesLowByteFirst() {
        // Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/ApduHelperTest.cs, GetApduInfo_ExtendedLengthField1/2
        Apdu one = Apdu.decode(hex("04 0F FF 01 00 6C"));
        assertThat(one.is(0x04, 0x0F)).isTrue();
        assertThat(one.data()).containsExactly(0x6C);
        byte[] long256 = new byte[3 + 2 + 256];
        System.arraycopy(hex("04 0F FF 00 01"), 0, long256, 0, 5);
        assertThat(Apdu.decode(long256).length()).isEqualTo(256);
        // and we write it so
        assertThat(hex(new Apdu(0x06, 0xD3, new byte[256]).encode()).substring(0, 14)).isEqualTo("06 D3 FF 00 01");
        assertThat(hex(new Apdu(0x06, 0xD3, new byte[254]).encode()).substring(0, 8)).isEqualTo("06 D3 FE");
        assertThat(hex(new Apdu(0x06, 0xD3, new byte[255]).encode()).substring(0, 14)).isEqualTo("06 D3 FF FF 00");
        assertThatThrownBy(() -> Apdu.decode(hex("04 0F 06 00 01 02"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bcdAmountsAndMaskedPans() {
        assertThat(hex(Bcd.amount(2040))).isEqualTo("00 00 00 00 20 40");
        assertThat(hex(Bcd.amount(999_999_999_999L))).isEqualTo("99 99 99 99 99 99");
        assertThatThrownBy(() -> Bcd.amount(1_000_000_000_000L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Bcd.decode(hex("00 00 00 00 20 40"))).isEqualTo(2040);
        // Portalum StatusInformationParserTest: 22 F0 F8 EE EE EE EE EE EE 47 71 (E = masked digit)
        assertThat(Bcd.digits(hex("EE EE EE EE EE EE 47 71"))).isEqualTo("************4771");
        assertThat(hex(Bcd.maskedPan("************4771"))).isEqualTo("EE EE EE EE EE EE 47 71");
    }

    @Test
    void statusInformationOfAnApprovedPaymentFromARealTerminal() {
        // Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/StatusInformationParserTest.cs, Parse_PaymentGood1_Successful
        byte[] bytes = hex("04 0F 77 27 00 04 00 00 00 00 20 40 0B 00 04 70 0C 22 39 53 0D 10 06 0E 25 12 17 00 01 19 70"
                + " 22 F0 F8 EE EE EE EE EE EE 47 71 29 28 00 48 69 2A 31 30 30 34 36 31 37 36 33 20 20 20 20 20 20"
                + " 3B 36 31 31 38 30 34 00 00 3C F0 F1 F4 47 45 4E 2E 4E 52 2E 3A 36 31 31 38 30 34 49 09 78 87 04 70"
                + " 88 00 04 70 8A 2E 8B F1 F7 44 65 62 69 74 20 4D 61 73 74 65 72 63 61 72 64 00");
        Apdu apdu = Apdu.decode(bytes);
        StatusInformation s = StatusInformation.parse(apdu.data());
        assertThat(s.resultCode()).isZero();
        assertThat(s.amountMinor()).isEqualTo(2040);
        assertThat(s.currency()).isEqualTo("EUR");
        assertThat(s.traceNumber()).isEqualTo("000470");
        assertThat(s.receiptNumber()).isEqualTo("0470");
        assertThat(s.terminalId()).isEqualTo("28004869"); // Portalum reads 0x28004869 = 671107177
        assertThat(s.authCode()).isEqualTo("611804");
        assertThat(s.maskedPan()).isEqualTo("************4771");
        assertThat(s.cardType()).isEqualTo(0x2E);
        assertThat(s.cardName()).isEqualTo("Debit Mastercard");
        assertThat(s.time()).isEqualTo("223953");
        assertThat(s.date()).isEqualTo("1006");
        assertThat(s.additionalText()).isEqualTo("GEN.NR.:611804");
        TerminalResult r = s.toResult(TerminalResult.Outcome.APPROVED, "EUR");
        assertThat(r.last4()).isEqualTo("4771");
        assertThat(r.cardBrand()).isEqualTo("Debit Mastercard");
        // re-encoding the fields we write gives the same bytes
        byte[] again = new Bmp.Writer().fixed(Bmp.RESULT_CODE, (byte) 0).fixed(Bmp.AMOUNT, Bcd.amount(2040))
                .fixed(Bmp.TRACE, Bcd.encode(470, 3)).bytes();
        assertThat(hex(again)).isEqualTo("27 00 04 00 00 00 00 20 40 0B 00 04 70");
    }

    @Test
    void statusInformationOfAnAbortByTheCustomer() {
        // Portalum StatusInformationParserTest.Parse_AbortByKey_Successful
        byte[] bytes = hex("04 0F 1E 27 6C 29 28 00 48 69 3C F0 F1 F9 41 62 62 72 75 63 68 20 64 75 72 63 68 20 4B 75 6E 64 65");
        StatusInformation s = StatusInformation.parse(Apdu.decode(bytes).data());
        assertThat(s.resultCode()).isEqualTo(ZvtCodes.ABORT_TIMEOUT_OR_KEY);
        assertThat(s.terminalId()).isEqualTo("28004869");
        assertThat(s.additionalText()).isEqualTo("Abbruch durch Kunde");
        assertThat(ZvtCodes.resultText(s.resultCode())).contains("abort");
    }

    @Test
    void statusInformationWithATlvContainer() {
        // Portalum StatusInformationParserTest.Parse_TlvInfos1_Successful (contactless Mastercard, TLV container 06 2E ...)
        byte[] bytes = hex("04-0F-65-27-00-0C-23-13-55-0D-10-29-0E-99-99-22-F0-F8-EE-EE-EE-EE-EE-EE-47-71-A0-01-29-00-00-00-06-87-00-08"
                + "-0B-00-00-00-8A-06-8B-F1-F1-4D-41-53-54-45-52-43-41-52-44-00-06-2E-2F-08-1F-12-01-02-1F-10-01-00-60-1B-43-07"
                + "-A0-00-00-00-04-10-10-44-10-44-65-62-69-74-20-4D-61-73-74-65-72-63-61-72-64-1F-2B-04-10-01-50-08");
        StatusInformation s = StatusInformation.parse(Apdu.decode(bytes).data());
        assertThat(s.cardName()).isEqualTo("MASTERCARD");
        assertThat(s.terminalId()).isEqualTo("00000006");
        assertThat(s.receiptNumber()).isEqualTo("0008");
        assertThat(s.cardType()).isEqualTo(6);
        List<Tlv.Obj> tlv = Bmp.find(s.fields(), Bmp.TLV).orElseThrow().tlv();
        assertThat(tlv).extracting(Tlv.Obj::tag).containsExactly(0x2F, 0x60, 0x1F2B);
        assertThat(Tlv.find(tlv, 0x44).orElseThrow().ascii()).isEqualTo("Debit Mastercard");
        assertThat(Tlv.find(tlv, 0x1F12).orElseThrow().value()).containsExactly(0x02);
        assertThat(hex(Tlv.find(tlv, 0x43).orElseThrow().value())).isEqualTo("A0 00 00 00 04 10 10");
        // our encoder writes the same container back
        assertThat(hex(Tlv.encode(tlv))).isEqualTo(hex(java.util.Arrays.copyOfRange(Bmp.find(s.fields(), Bmp.TLV).orElseThrow().value(), 0, 0x2E)));
    }

    @Test
    void statusInformationOfARejectedCard() {
        // Portalum ZvtClientTest.PaymentAsync_CardRejected_Successful: result 05, text "Abgelehnt" in BMP 3C and TLV 24/07
        byte[] bytes = hex("04-0F-25-27-05-29-29-00-02-74-3C-F0-F0-F9-41-62-67-65-6C-65-68-6E-74-8A-06-06-0D-24-0B-07-09-41-62-67-65-6C-65-68-6E-74");
        StatusInformation s = StatusInformation.parse(Apdu.decode(bytes).data());
        assertThat(s.resultCode()).isEqualTo(5);
        assertThat(s.terminalId()).isEqualTo("29000274");
        assertThat(s.additionalText()).isEqualTo("Abgelehnt");
        assertThat(s.brand()).isEqualTo("Mastercard");
        assertThat(Tlv.find(Bmp.find(s.fields(), Bmp.TLV).orElseThrow().tlv(), 0x07).orElseThrow().ascii()).isEqualTo("Abgelehnt");
        assertThat(s.toResult(TerminalResult.Outcome.DECLINED, "EUR").message()).contains("declined");
    }

    @Test
    void intermediateStatusBecomesCustomerText() {
        // Portalum IntermediateStatusInformationParserTest.GetMessage_InsertCard_Successful: status 0A = insert card
        assertThat(IntermediateStatus.parse(hex("0A")).customerText()).containsIgnoringCase("insert");
        // ecrterm common.py INTERMEDIATE_STATUS_CODES: 01 please watch PIN-pad, 15 incorrect PIN
        assertThat(IntermediateStatus.parse(hex("01")).customerText()).contains("PIN");
        assertThat(IntermediateStatus.parse(hex("15")).customerText()).contains("Incorrect PIN");
        // Portalum GetMessage_TlvData_Failure: FF 10 06 1A 24 18 07 08 "EUR 1.23" 07 0C "Bitte warten"
        byte[] tlv = hex("FF 10 06 1A 24 18 07 08 45 55 52 20 31 2E 32 33 07 0C 42 69 74 74 65 20 77 61 72 74 65 6E");
        assertThat(IntermediateStatus.parse(tlv).customerText()).isEqualTo("EUR 1.23\nBitte warten");
    }

    @Test
    void registrationCompletionCarriesTerminalIdAndCurrency() {
        // bezahl-online/zvt command/register_test.go TestRegister: the PT's completion after 06 00 holds
        // BMP 19 = 00, BMP 29 = 29 00 10 06, BMP 49 = 09 78 (bytes rebuilt from the test's decoded objects)
        byte[] bytes = hex("06 0F 0A 19 00 29 29 00 10 06 49 09 78");
        Apdu a = Apdu.decode(bytes);
        assertThat(a.is(0x06, 0x0F)).isTrue();
        List<Bmp.Field> fields = Bmp.parse(a.data());
        assertThat(fields).extracting(Bmp.Field::number).containsExactly(0x19, 0x29, 0x49);
        assertThat(Bmp.find(fields, Bmp.TERMINAL_ID).orElseThrow().digits()).isEqualTo("29001006");
        assertThat(ZvtCodes.currencyLetters((int) Bmp.find(fields, Bmp.CURRENCY).orElseThrow().bcdValue())).isEqualTo("EUR");
        assertThat(hex(new Apdu(0x06, 0x0F, new Bmp.Writer().fixed(0x19, (byte) 0).fixed(Bmp.TERMINAL_ID, Bcd.encodeDigits("29001006"))
                .fixed(Bmp.CURRENCY, Bcd.encode(978, 2)).bytes()).encode())).isEqualTo(hex(bytes));
    }

    @Test
    void llvarAndLllvarLengthsAreFDigits() {
        byte[] name = "VISA\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(hex(new Bmp.Writer().llvar(Bmp.CARD_NAME, name).bytes())).isEqualTo("8B F0 F5 56 49 53 41 00");
        assertThat(hex(new Bmp.Writer().lllvar(Bmp.ADDITIONAL_TEXT, "Abgelehnt".getBytes(StandardCharsets.ISO_8859_1)).bytes()))
                .startsWith("3C F0 F0 F9 41");
        assertThatThrownBy(() -> Bmp.parse(hex("8B 05 56"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endOfDayTotalsFromBmp04AndBmp60() {
        // ZVT spec End-of-Day status information: 04 <total>, 60 LLLVAR <receipt-no from 2 BCD><to 2 BCD> then per card
        // family <count 1 byte binary><total 6 byte BCD> (girocard, JCB, Eurocard, Amex, VISA, Diners, remaining)
        Bmp.Writer totals = new Bmp.Writer().raw(Bcd.encode(68, 2)).raw(Bcd.encode(71, 2));
        int[] counts = {4, 0, 0, 0, 1, 0, 0};
        long[] sums = {2600, 0, 0, 0, 1000, 0, 0};
        for (int i = 0; i < 7; i++) totals.raw((byte) counts[i]).raw(Bcd.amount(sums[i]));
        byte[] data = new Bmp.Writer().fixed(Bmp.RESULT_CODE, (byte) 0).fixed(Bmp.AMOUNT, Bcd.amount(3600))
                .fixed(Bmp.TRACE, Bcd.encode(12, 3)).fixed(Bmp.TERMINAL_ID, Bcd.encodeDigits("52500001"))
                .lllvar(Bmp.TOTALS, totals.bytes()).bytes();
        assertThat(hex(data)).contains("60 F0 F5 F3 00 68 00 71 04 00 00 00 00 26 00");
        EndOfDayTotals t = StatusInformation.parse(data).toTotals("EUR");
        assertThat(t.totalMinor()).isEqualTo(3600);
        assertThat(t.count()).isEqualTo(5);
        assertThat(t.terminalId()).isEqualTo("52500001");
        assertThat(t.traceNumber()).isEqualTo("000012");
    }
}
