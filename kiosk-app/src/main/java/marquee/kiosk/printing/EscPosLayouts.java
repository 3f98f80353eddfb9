package marquee.kiosk.printing;

import java.util.List;

/** Tickets and receipts as ESC/POS for an 80 mm roll printer: one ticket per cut. */
public final class EscPosLayouts {
    /** 5 dots per module keeps a ~160-character code (version 9–10) under 60 mm wide on a 203 dpi head. */
    private static final int QR_MODULE_DOTS = 5;

    private EscPosLayouts() {}

    public static byte[] tickets(List<PrintedTicket> tickets) {
        EscPos p = EscPos.start();
        for (PrintedTicket t : tickets) {
            PrintText text = PrintText.of(t.locale());
            p.align('C').line(t.cinemaName());
            if (t.duplicate()) p.reverse(true).bold(true).size(2, 2).line(" " + text.duplicate() + " ").size(1, 1).bold(false).reverse(false);
            p.bold(true).size(1, 2).line(t.filmTitle()).size(1, 1).bold(false);
            p.line(text.when(t));
            p.line(text.hall(t));
            p.bold(true).size(2, 2).line(text.seat(t)).size(1, 1).bold(false);
            p.line(text.kind(t));
            p.line(text.price(t));
            p.feed(1).qr(t.qrPayload(), QR_MODULE_DOTS).feed(1);
            p.bold(true).line(text.code(t)).bold(false);
            if (t.duplicate()) p.line(text.text("ticket.reprintNote"));
            p.feed(3).cut();
        }
        return p.bytes();
    }

    public static byte[] receipt(Receipt r) {
        PrintText text = PrintText.of(r.locale());
        int w = EscPos.LINE_WIDTH;
        EscPos p = EscPos.start().align('C').bold(true).line(r.cinemaName())
                .line(text.text(r.paymentMethod() == Receipt.PaymentMethod.CASH_REFUND ? "refund.title" : "receipt.title")).bold(false);
        if (r.duplicate()) p.reverse(true).line(" " + text.duplicate() + " ").reverse(false);
        p.align('L').line(text.soldAt(r)).line(text.code(r)).line("-".repeat(w));
        for (Receipt.Line line : r.lines()) p.columns(line.description(), line.amount().format(r.locale()), w);
        if (r.bookingFee() != null && r.bookingFee().amountMinor() != 0) {
            p.columns(text.text("receipt.fee"), r.bookingFee().format(r.locale()), w);
        }
        p.line("-".repeat(w)).bold(true).columns(text.text("receipt.total"), r.total().format(r.locale()), w).bold(false);
        p.line(text.paidBy(r));
        if (r.paymentMethod() == Receipt.PaymentMethod.CASH) {
            p.columns(text.text("receipt.tendered"), r.cashTendered().format(r.locale()), w);
            p.bold(true).columns(text.text("receipt.change"), r.changeDue().format(r.locale()), w).bold(false);
        }
        if (r.paymentMethod() == Receipt.PaymentMethod.CASH_REFUND) p.line("").line("").line(text.text("refund.signature"));
        return p.feed(3).cut().bytes();
    }
}
