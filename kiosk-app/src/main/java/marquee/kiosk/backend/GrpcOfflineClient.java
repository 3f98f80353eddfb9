package marquee.kiosk.backend;

import static marquee.kiosk.backend.ProtoMapping.category;
import static marquee.kiosk.backend.ProtoMapping.instant;
import static marquee.kiosk.backend.ProtoMapping.protoMoney;
import static marquee.kiosk.backend.ProtoMapping.ticketType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import marquee.kiosk.model.OfflineModel;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.OfflineModel.Allocations;
import marquee.kiosk.model.OfflineModel.Outcome;
import marquee.kiosk.model.OfflineModel.Policy;
import marquee.kiosk.model.OfflineModel.Receipt;
import marquee.kiosk.model.OfflineModel.Sale;
import marquee.kiosk.model.OfflineModel.SoldTicket;
import marquee.kiosk.model.OfflineModel.Stats;
import marquee.kiosk.model.PriceList;
import marquee.kiosk.model.SeatCategory;
import marquee.kiosk.model.TicketType;
import marquee.platform.grpc.ProtoTime;
import marquee.reservations.v1.AllocationList;
import marquee.reservations.v1.CardPresentResult;
import marquee.reservations.v1.CashDetails;
import marquee.reservations.v1.OfflinePayment;
import marquee.reservations.v1.OfflineSalesServiceGrpc;
import marquee.reservations.v1.OfflineTicket;
import marquee.reservations.v1.ReturnAllocationsRequest;
import marquee.reservations.v1.TakeAllocationsRequest;
import marquee.reservations.v1.UploadOfflineSalesRequest;
import marquee.tickets.v1.RegisterTerminalKeyRequest;
import marquee.tickets.v1.TicketsServiceGrpc;
import marquee.users.v1.UsersServiceGrpc;

/** {@link OfflineBackend} over gRPC, on the till's channel and token ({@link GrpcCalls}). */
public final class GrpcOfflineClient implements OfflineBackend {
    /** An upload of 500 sales writes bookings, payments and tickets for each: give it time. */
    private static final java.time.Duration UPLOAD_DEADLINE = java.time.Duration.ofSeconds(60);

    private final GrpcCalls calls;

    public GrpcOfflineClient(GrpcCalls calls) {
        this.calls = calls;
    }

    @Override
    public Allocations takeAllocations(String deviceId) {
        return allocations(calls.call(OfflineSalesServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE,
                stub -> stub.takeAllocations(TakeAllocationsRequest.newBuilder().setDeviceId(deviceId).build())));
    }

    @Override
    public Allocations returnAllocations(String deviceId, List<String> allocationIds) {
        return allocations(calls.call(OfflineSalesServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE,
                stub -> stub.returnAllocations(ReturnAllocationsRequest.newBuilder().setDeviceId(deviceId)
                        .addAllAllocationIds(allocationIds).build())));
    }

    @Override
    public List<Receipt> upload(String deviceId, List<Sale> sales) {
        var request = UploadOfflineSalesRequest.newBuilder().setDeviceId(deviceId);
        sales.forEach(sale -> request.addSales(toProto(sale)));
        var response = calls.call(OfflineSalesServiceGrpc::newBlockingStub, UPLOAD_DEADLINE, stub -> stub.uploadOfflineSales(request.build()));
        return response.getReceiptsList().stream().map(r -> new Receipt(r.getSaleId(), switch (r.getOutcome()) {
            case RECORDED -> Outcome.RECORDED;
            case ALREADY_RECORDED -> Outcome.ALREADY_RECORDED;
            case CONFLICT -> Outcome.CONFLICT;
            default -> Outcome.REJECTED;
        }, r.getBookingId(), r.getPaymentId(), r.getMessage())).toList();
    }

    @Override
    public String registerTerminalKey(String deviceId, String publicKeyBase64) {
        return calls.call(TicketsServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.registerTerminalKey(
                RegisterTerminalKeyRequest.newBuilder().setDeviceId(deviceId).setPublicKeyBase64(publicKeyBase64).build())).getKeyId();
    }

    @Override
    public void reportTerminal(String deviceId, boolean online, Stats stats) {
        var request = marquee.users.v1.ReportDeviceStateRequest.newBuilder().setDeviceId(deviceId)
                .setState(online ? marquee.users.v1.DeviceOperatingState.IN_SERVICE : marquee.users.v1.DeviceOperatingState.OFFLINE_SYNCING)
                .setPrinter(marquee.users.v1.PrinterState.PRINTER_UNKNOWN)
                .setUnsyncedJournal(stats.unsynced())
                .setAllocatedSeats(stats.allocatedSeats());
        if (stats.oldestUnsynced() != null) request.setOldestUnsyncedAt(ProtoTime.timestamp(stats.oldestUnsynced()));
        if (stats.lastSync() != null) request.setLastSyncAt(ProtoTime.timestamp(stats.lastSync()));
        calls.call(UsersServiceGrpc::newBlockingStub, GrpcCalls.DEADLINE, stub -> stub.reportDeviceState(request.build()));
    }

    static Allocations allocations(AllocationList list) {
        var p = list.getPolicy();
        Policy policy = new Policy(p.getSeatsPerShowtime(), p.getKiosksAllowed(), p.getCardFloorLimitMinor(), p.getReturnMinutesBefore(),
                p.getHoursAhead(), p.getCurrency());
        return new Allocations(list.getAllocationsList().stream().map(GrpcOfflineClient::allocation).toList(), policy);
    }

    private static Allocation allocation(marquee.reservations.v1.Allocation a) {
        Map<SeatCategory, Map<TicketType, Long>> prices = new EnumMap<>(SeatCategory.class);
        for (var entry : a.getPrices().getEntriesList()) {
            prices.computeIfAbsent(category(entry.getCategory()), c -> new EnumMap<>(TicketType.class))
                    .put(ticketType(entry.getTicketType()), entry.getAmountMinor());
        }
        prices.replaceAll((c, byType) -> Map.copyOf(byType));
        return new Allocation(a.getAllocationId(), a.getShowtimeId(), a.getCinemaId(), a.getMovieTitle(), a.getHallName(),
                instant(a.getStartsAt()), a.getSeatsList().stream()
                        .map(s -> new AllocatedSeat(s.getSeatId(), s.getRow(), s.getNumber(), category(s.getCategory()))).toList(),
                new PriceList(a.getPrices().getCurrency(), Map.copyOf(prices), a.getPrices().getBookingFeeMinor()),
                instant(a.getSellUntil()), instant(a.getReturnsAt()));
    }

    static marquee.reservations.v1.OfflineSale toProto(Sale sale) {
        var out = marquee.reservations.v1.OfflineSale.newBuilder().setSaleId(sale.saleId()).setAllocationId(sale.allocationId())
                .setBookingCode(sale.bookingCode()).setBookingFee(protoMoney(sale.bookingFee())).setTotal(protoMoney(sale.total()))
                .setSoldAt(ProtoTime.timestamp(sale.soldAt())).setSoldBy(nz(sale.soldBy())).setShiftId(nz(sale.shiftId()));
        for (SoldTicket t : sale.tickets()) {
            out.addTickets(OfflineTicket.newBuilder().setTicketId(t.ticketId()).setSeatId(t.seatId())
                    .setTicketType(marquee.common.v1.TicketType.valueOf(t.ticketType().name())).setPrice(protoMoney(t.price()))
                    .setQrPayload(t.qrPayload()));
        }
        OfflineModel.Paid paid = sale.payment();
        if (paid.method() == OfflineModel.Method.CASH) {
            out.setPayment(OfflinePayment.newBuilder().setCash(CashDetails.newBuilder().setTenderedMinor(paid.tenderedMinor())));
        } else {
            out.setPayment(OfflinePayment.newBuilder().setCardPresent(CardPresentResult.newBuilder().setTerminalId(nz(paid.terminalId()))
                    .setTraceNumber(nz(paid.traceNumber())).setReceiptNumber(nz(paid.receiptNumber())).setAuthCode(nz(paid.authCode()))
                    .setMaskedPan(nz(paid.maskedPan())).setCardBrand(nz(paid.cardBrand())).setAmount(protoMoney(sale.total()))
                    .setProtocol("ZVT")));
        }
        return out.build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
