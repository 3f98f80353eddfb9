package marquee.kiosk.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Function;
import marquee.kiosk.model.Money;
import marquee.kiosk.model.OfflineModel.AllocatedSeat;
import marquee.kiosk.model.OfflineModel.Allocation;
import marquee.kiosk.model.TicketType;
import marquee.kiosk.seatmap.HallLayout;
import marquee.kiosk.seatmap.RowInfo;
import marquee.kiosk.seatmap.SeatCategory;
import marquee.kiosk.seatmap.SeatInfo;
import marquee.kiosk.seatmap.SeatMapViewModel;
import marquee.kiosk.seatmap.SeatStatus;

/**
 * The hall of an allocation as a terminal sells from it offline: the hall's layout (from the saved
 * programme, or drawn from the allocated seats alone), every seat but those set aside for this
 * terminal shown taken, the legend priced (adult) from the allocation's price list.
 */
public final class AllocationSeatMap {
    private AllocationSeatMap() {}

    /** {@code hall} null: the layout is drawn from the allocated seats. */
    public static SeatMapViewModel open(Allocation allocation, HallLayout hall, ResourceBundle seatMapText, Function<Money, String> format) {
        HallLayout layout = hall != null ? hall : layoutOf(allocation.seats());
        SeatMapViewModel map = new SeatMapViewModel(layout, Math.max(1, allocation.seats().size()), seatMapText);
        Set<String> setAside = new HashSet<>();
        allocation.seats().forEach(s -> setAside.add(s.seatId()));
        Map<String, SeatStatus> states = new HashMap<>();
        layout.seats().forEach(s -> {
            if (!setAside.contains(s.id())) states.put(s.id(), SeatStatus.SOLD);
        });
        map.applyStates(states);
        Map<SeatCategory, String> prices = new EnumMap<>(SeatCategory.class);
        allocation.prices().prices().forEach((category, byType) -> {
            Long adult = byType.get(TicketType.ADULT);
            if (adult != null) prices.put(SeatCategory.valueOf(category.name()), format.apply(new Money(adult, allocation.prices().currency())));
        });
        map.setPrices(prices);
        return map;
    }

    /** A hall drawn from the allocated seats alone (when no saved programme has its layout). */
    public static HallLayout layoutOf(List<AllocatedSeat> seats) {
        List<String> rows = seats.stream().map(AllocatedSeat::row).distinct().sorted().toList();
        List<RowInfo> rowInfos = new ArrayList<>();
        List<SeatInfo> infos = new ArrayList<>();
        int width = 1;
        for (int y = 0; y < rows.size(); y++) {
            rowInfos.add(new RowInfo(rows.get(y), y));
            int x = 0;
            String row = rows.get(y);
            for (AllocatedSeat s : seats.stream().filter(s -> s.row().equals(row)).sorted(Comparator.comparingInt(AllocatedSeat::number)).toList()) {
                infos.add(new SeatInfo(s.seatId(), s.row(), s.number(), x++, y, 1, SeatCategory.valueOf(s.category().name()), false, ""));
            }
            width = Math.max(width, x);
        }
        return new HallLayout(width, Math.max(1, rows.size()), rowInfos, infos);
    }

}
