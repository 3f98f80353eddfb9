package marquee.notifications;

import io.grpc.BindableService;
import java.util.List;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customer e-mail, driven by events (tickets issued, booking cancelled, payment refunded); reads
 * bookings, tickets and customer addresses from their owners. Without an SMTP server configured
 * it records what it would have sent and sends nothing.
 */
public final class NotificationsModule implements ServiceModule {
    private static final Logger log = LoggerFactory.getLogger(NotificationsModule.class);

    @Override
    public String name() {
        return "notifications";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of();
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        MailStore store = new MailStore(context.database().dataSource());
        Peers peers = new Peers(context.channels(), context.serviceIdentity());
        Mailer mailer = new Mailer(context.config());
        if (!mailer.configured()) log.info("No MARQUEE_SMTP_HOST: customer e-mail is recorded but not sent");
        Notifier notifier = new Notifier(store, peers, mailer);
        context.events().subscribe(Notifier.CONSUMER, context.database().dataSource(), Notifier.TYPES, notifier::handle);
        return List.of(new NotificationsGrpcService(store, peers, notifier));
    }
}
