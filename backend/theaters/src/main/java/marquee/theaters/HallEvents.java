package marquee.theaters;

import java.util.UUID;
import marquee.events.v1.HallLayoutChanged;
import marquee.platform.events.EventTypes;
import marquee.platform.events.Outbox;
import org.hibernate.Session;

/** "hall.layout_changed", written to the theaters outbox in the transaction of the change (keyed by hall id). */
final class HallEvents {
    private HallEvents() {}

    static void layoutChanged(Session session, UUID hallId, UUID cinemaId, String hallName, int seatCount) {
        Outbox.append(session, EventTypes.HALL_LAYOUT_CHANGED, hallId.toString(), HallLayoutChanged.newBuilder()
                .setHallId(hallId.toString()).setCinemaId(cinemaId.toString()).setHallName(hallName == null ? "" : hallName)
                .setSeatCount(seatCount).build());
    }
}
