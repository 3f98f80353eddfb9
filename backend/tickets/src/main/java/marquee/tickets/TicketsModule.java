package marquee.tickets;

import io.grpc.BindableService;
import java.util.List;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import marquee.platform.auth.Ed25519Keys;

/**
 * Tickets: one per sold seat, signed QR codes, check-in at the door and the kiosk feed. Reads
 * bookings from the reservations service; everything else is its own data.
 */
public final class TicketsModule implements ServiceModule {
    /** Name of the key pair that signs QR codes (in the installation's keys directory). */
    static final String QR_KEY_NAME = "tickets-qr";

    @Override
    public String name() {
        return "tickets";
    }

    @Override
    public List<Class<?>> entities() {
        // Plain SQL (see TicketStore); no Hibernate entities.
        return List.of();
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        QrCodec codec = new QrCodec(Ed25519Keys.loadOrCreate(context.config().keysDir(), QR_KEY_NAME));
        Bookings bookings = new GrpcBookings(context.channels().to("reservations"), context.serviceIdentity());
        TicketStore store = new TicketStore(context.database().dataSource());
        TerminalKeys terminalKeys = new TerminalKeys(context.database().dataSource(), store);
        Tickets tickets = new Tickets(store, bookings, codec, context.verifier()).withTerminalKeys(terminalKeys);
        DoorScans doorScans = new DoorScans(new DoorScanStore(context.database().dataSource()), codec, context.meters())
                .withTerminalKeys(terminalKeys);
        return List.of(new TicketsGrpcService(tickets, doorScans));
    }
}
