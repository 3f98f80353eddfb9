package marquee.kiosk.backend;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import marquee.kiosk.model.CashDrop;
import marquee.kiosk.model.Hold;
import marquee.kiosk.model.HoldLine;
import marquee.kiosk.model.HoldStatus;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.PaidBy;
import marquee.kiosk.model.Payment;
import marquee.kiosk.model.PaymentStatus;
import marquee.kiosk.model.RefundRecord;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.SeatStatus;
import marquee.kiosk.model.Shift;
import marquee.kiosk.model.ShiftReport;
import marquee.kiosk.model.ShiftStatus;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.model.TicketRecord;
import marquee.kiosk.model.TicketState;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.model.Verification;
import marquee.kiosk.model.VerificationResult;
import marquee.reservations.v1.Booking;
import marquee.reservations.v1.BookingLine;
import marquee.reservations.v1.SeatState;
import marquee.tickets.v1.Ticket;

/** Proto messages to the kiosk's own types (marquee.kiosk.model) and back; nothing else. */
final class ProtoMapping {
    private ProtoMapping() {}

    static Map<String, SeatStatus> states(List<SeatState> states) {
        Map<String, SeatStatus> byId = new LinkedHashMap<>();
        for (SeatState state : states) byId.put(state.getSeatId(), seatStatus(state.getStatus()));
        return java.util.Collections.unmodifiableMap(byId);
    }

    static SeatStatus seatStatus(marquee.reservations.v1.SeatStatus status) {
        return switch (status) {
            case SEAT_HELD -> SeatStatus.HELD;
            case SEAT_SOLD -> SeatStatus.SOLD;
            case SEAT_BLOCKED -> SeatStatus.BLOCKED;
            default -> SeatStatus.FREE;
        };
    }

    static SeatCategory category(marquee.common.v1.SeatCategory category) {
        return switch (category) {
            case PREMIUM -> SeatCategory.PREMIUM;
            case WHEELCHAIR -> SeatCategory.WHEELCHAIR;
            case COMPANION -> SeatCategory.COMPANION;
            case COUPLE -> SeatCategory.COUPLE;
            default -> SeatCategory.STANDARD;
        };
    }

    static TicketType ticketType(marquee.common.v1.TicketType type) {
        return switch (type) {
            case CHILD -> TicketType.CHILD;
            case SENIOR -> TicketType.SENIOR;
            case STUDENT -> TicketType.STUDENT;
            default -> TicketType.ADULT;
        };
    }

    /** A card terminal's approval as the card-present payment method (issue 16): receipt data, never card data. */
    static marquee.reservations.v1.PaymentMethod cardPresent(marquee.terminal.TerminalResult a) {
        return marquee.reservations.v1.PaymentMethod.newBuilder().setCardPresent(marquee.reservations.v1.CardPresentResult.newBuilder()
                .setTerminalId(a.terminalId()).setTraceNumber(a.traceNumber()).setReceiptNumber(a.receiptNumber())
                .setAuthCode(a.authCode()).setMaskedPan(a.maskedPan()).setCardBrand(a.cardBrand())
                .setAmount(marquee.common.v1.Money.newBuilder().setAmountMinor(a.amountMinor()).setCurrency(a.currency()))
                .setProtocol("ZVT")).build();
    }

    static Money money(marquee.common.v1.Money money) {
        return new Money(money.getAmountMinor(), money.getCurrency());
    }

    static Hold toHold(Booking booking) {
        List<HoldLine> lines = new ArrayList<>();
        for (BookingLine line : booking.getLinesList()) {
            lines.add(new HoldLine(line.getSeatId(), line.getRow(), line.getNumber(), category(line.getCategory()),
                    ticketType(line.getTicketType()), money(line.getPrice())));
        }
        HoldStatus status = switch (booking.getStatus()) {
            case BOOKING_CONFIRMED -> HoldStatus.CONFIRMED;
            case BOOKING_RELEASED -> HoldStatus.RELEASED;
            case BOOKING_EXPIRED -> HoldStatus.EXPIRED;
            case BOOKING_CANCELLED -> HoldStatus.CANCELLED;
            default -> HoldStatus.HELD;
        };
        return new Hold(booking.getId(), booking.getCode(), booking.getShowtimeId(), status, List.copyOf(lines),
                money(booking.getBookingFee()), money(booking.getTotal()), instant(booking.getExpiresAt()));
    }

    static TicketInfo ticket(Ticket t) {
        return new TicketInfo(t.getId(), t.getBookingCode(), t.getSeatId(), t.getRow(), t.getNumber(), category(t.getCategory()),
                ticketType(t.getTicketType()), money(t.getPrice()), t.getQrPayload(), t.getMovieTitle(), t.getHallName(),
                instant(t.getStartsAt()));
    }

    static Instant instant(Timestamp timestamp) {
        return marquee.platform.grpc.ProtoTime.instant(timestamp);
    }

    static Verification verification(marquee.tickets.v1.Verification v) {
        VerificationResult result = switch (v.getResult()) {
            case ACCEPTED -> VerificationResult.ACCEPTED;
            case ALREADY_USED -> VerificationResult.ALREADY_USED;
            case REVOKED_TICKET -> VerificationResult.REVOKED;
            case WRONG_SHOW -> VerificationResult.WRONG_SHOW;
            default -> VerificationResult.FORGED;
        };
        return new Verification(result, v.getMessage(), v.hasTicket() && !v.getTicket().getId().isEmpty()
                ? ticketRecord(v.getTicket()) : null, v.hasUsedAt() ? instant(v.getUsedAt()) : null);
    }

    static TicketRecord ticketRecord(Ticket t) {
        TicketState state = switch (t.getStatus()) {
            case USED -> TicketState.USED;
            case REVOKED -> TicketState.REVOKED;
            default -> TicketState.VALID;
        };
        return new TicketRecord(ticket(t), t.getBookingId(), t.getCinemaId(), t.getShowtimeId(), state,
                t.hasIssuedAt() ? instant(t.getIssuedAt()) : null, t.hasUsedAt() ? instant(t.getUsedAt()) : null,
                t.getReprintCount());
    }

    static marquee.common.v1.Money protoMoney(Money money) {
        return marquee.common.v1.Money.newBuilder().setAmountMinor(money.amountMinor()).setCurrency(money.currency()).build();
    }

    static Shift shift(marquee.payments.v1.Shift s) {
        List<CashDrop> drops = s.getDropsList().stream()
                .map(d -> new CashDrop(money(d.getAmount()), d.getNote(), instant(d.getCreatedAt()))).toList();
        return new Shift(s.getId(), s.getStationId(), s.getCashierId(),
                s.getStatus() == marquee.payments.v1.ShiftStatus.SHIFT_CLOSED ? ShiftStatus.CLOSED : ShiftStatus.OPEN,
                money(s.getOpeningFloat()), instant(s.getOpenedAt()), s.hasClosedAt() ? instant(s.getClosedAt()) : null,
                s.hasCountedCash() ? money(s.getCountedCash()) : null, s.hasExpectedCash() ? money(s.getExpectedCash()) : null,
                s.hasVariance() ? money(s.getVariance()) : null, drops);
    }

    static ShiftReport toReport(marquee.payments.v1.ShiftReport r) {
        return new ShiftReport(shift(r.getShift()), r.getCashSaleCount(), money(r.getCashSales()), r.getCardSaleCount(),
                money(r.getCardSales()), r.getRefundCount(), money(r.getRefunds()), money(r.getCashRefunds()), r.getVoidCount(),
                money(r.getVoids()), r.getDropCount(), money(r.getDrops()), r.getTicketsSold(), money(r.getNetTotal()));
    }

    static Payment payment(marquee.payments.v1.Payment p) {
        PaymentStatus status = switch (p.getStatus()) {
            case DECLINED -> PaymentStatus.DECLINED;
            case PARTIALLY_REFUNDED -> PaymentStatus.PARTIALLY_REFUNDED;
            case REFUNDED -> PaymentStatus.REFUNDED;
            case PENDING -> PaymentStatus.PENDING;
            default -> PaymentStatus.APPROVED;
        };
        List<RefundRecord> refunds = p.getRefundsList().stream().map(r -> new RefundRecord(money(r.getAmount()), r.getReason(),
                r.getRequestedBy(), r.getApprovedBy(), r.getKind() == marquee.payments.v1.RefundKind.VOID)).toList();
        return new Payment(p.getId(), p.getBookingId(), money(p.getAmount()), money(p.getRefunded()), status,
                p.getMethod() == marquee.payments.v1.PaymentMethodKind.CASH ? PaidBy.CASH : PaidBy.CARD,
                p.getTakenBy(), p.getShiftId(), refunds);
    }
}
