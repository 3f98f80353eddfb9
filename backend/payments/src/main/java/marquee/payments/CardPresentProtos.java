package marquee.payments;

import marquee.common.v1.Money;
import marquee.payments.v1.CloseShiftRequest;
import marquee.payments.v1.ShiftReport;
import marquee.payments.v1.TerminalReconciliation;
import marquee.platform.auth.Principal;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.CardPresentResult;

/** Maps card-present payments and terminal reconciliations to and from the contract; no rules here. */
final class CardPresentProtos {
    private CardPresentProtos() {}

    static CardPresentPayments.Approval approval(CardPresentResult r) {
        return new CardPresentPayments.Approval(r.getTerminalId(), r.getTraceNumber(), r.getReceiptNumber(), r.getAuthCode(),
                r.getMaskedPan(), r.getCardBrand(), r.getAmount().getAmountMinor(), r.getAmount().getCurrency(), r.getProtocol());
    }

    static marquee.payments.v1.Payment withReceipt(CardPresentPayments cardPresent, Payment payment,
                                                    marquee.payments.v1.Payment proto) {
        if (!CardPresentPayments.isCardPresent(payment)) return proto;
        return cardPresent.receipt(payment.id()).map(r -> proto.toBuilder().setCardPresent(CardPresentResult.newBuilder()
                .setTerminalId(r.terminalId())
                .setTraceNumber(r.traceNumber())
                .setReceiptNumber(r.receiptNumber())
                .setAuthCode(r.authCode())
                .setMaskedPan(r.maskedPan())
                .setCardBrand(r.cardBrand())
                .setProtocol(r.protocol())
                .setAmount(money(payment.amountMinor(), payment.currency()))).build()).orElse(proto);
    }

    static void record(TerminalReconciliations reconciliations, Principal caller, Shifts.Report report, CloseShiftRequest request) {
        var t = request.getTerminalTotals();
        String currency = report.shift().currency().trim();
        if (t.hasTotal() && !t.getTotal().getCurrency().isBlank() && !t.getTotal().getCurrency().strip().equals(currency)) {
            throw new marquee.platform.errors.InvalidArgumentException("terminal_totals.total.currency " + t.getTotal().getCurrency()
                    + " is not the shift's currency " + currency);
        }
        reconciliations.record(caller, report.shift().id(), currency, new TerminalReconciliations.Totals(t.getTerminalId(),
                t.getTotal().getAmountMinor(), t.getCount(), t.getTraceNumber()));
    }

    static ShiftReport withReconciliation(TerminalReconciliations reconciliations, Shifts.Report report, ShiftReport proto) {
        if (reconciliations == null) return proto;
        return reconciliations.find(report.shift().id()).map(r -> proto.toBuilder().setTerminalReconciliation(
                TerminalReconciliation.newBuilder()
                        .setTerminalId(r.terminalId())
                        .setTerminalTotal(money(r.terminalTotalMinor(), r.currency()))
                        .setTerminalCount(r.terminalCount())
                        .setShiftCardTakings(money(r.takingsMinor(), r.currency()))
                        .setShiftCardCount(r.takingsCount())
                        .setDifference(money(r.differenceMinor(), r.currency()))
                        .setRecordedBy(r.recordedBy())
                        .setRecordedAt(ProtoTime.timestamp(r.recordedAt()))).build()).orElse(proto);
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency(currency.trim()).build();
    }
}
