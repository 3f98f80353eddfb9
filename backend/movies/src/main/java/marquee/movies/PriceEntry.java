package marquee.movies;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.util.Comparator;
import java.util.Objects;
import marquee.common.v1.SeatCategory;
import marquee.common.v1.TicketType;

/** One price of a showtime: what a ticket type costs in a seat category, in minor units. */
@Embeddable
public class PriceEntry {
    /** Seat category first, then ticket type, in the contract's enum order. */
    static final Comparator<PriceEntry> ORDER = Comparator
            .comparingInt((PriceEntry p) -> p.category().getNumber())
            .thenComparingInt(p -> p.ticketType().getNumber());

    @Enumerated(EnumType.STRING)
    @Column(name = "category", nullable = false)
    private SeatCategory category;
    @Enumerated(EnumType.STRING)
    @Column(name = "ticket_type", nullable = false)
    private TicketType ticketType;
    @Column(name = "amount_minor", nullable = false)
    private long amountMinor;

    protected PriceEntry() {}

    PriceEntry(SeatCategory category, TicketType ticketType, long amountMinor) {
        this.category = category;
        this.ticketType = ticketType;
        this.amountMinor = amountMinor;
    }

    public SeatCategory category() { return category; }
    public TicketType ticketType() { return ticketType; }
    public long amountMinor() { return amountMinor; }

    @Override
    public boolean equals(Object other) {
        return other instanceof PriceEntry that && category == that.category && ticketType == that.ticketType
                && amountMinor == that.amountMinor;
    }

    @Override
    public int hashCode() {
        return Objects.hash(category, ticketType, amountMinor);
    }

    @Override
    public String toString() {
        return category + "/" + ticketType + "=" + amountMinor;
    }
}
