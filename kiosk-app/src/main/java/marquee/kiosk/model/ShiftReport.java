package marquee.kiosk.model;

/** The end-of-shift figures exactly as the payments service computed them. */
public record ShiftReport(Shift shift, int cashSaleCount, Money cashSales, int cardSaleCount, Money cardSales, int refundCount,
                   Money refunds, Money cashRefunds, int voidCount, Money voids, int dropCount, Money drops,
                   int ticketsSold, Money netTotal) {}
