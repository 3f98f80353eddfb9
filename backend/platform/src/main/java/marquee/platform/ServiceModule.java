package marquee.platform;

import io.grpc.BindableService;
import java.util.List;

/**
 * What a service module hands the launchers: its name (also its schema and migration folder),
 * its entities, and the gRPC services it serves once given its context.
 */
public interface ServiceModule {
    /** Lower-case service name, e.g. {@code "users"}; also the database schema and {@code db/<name>} migrations. */
    String name();

    /** Hibernate entity classes of this service (in its own schema). */
    List<Class<?>> entities();

    /** Builds the service(s). Called once, after migrations ran. */
    List<BindableService> services(ServiceContext context);

    /** Background work started after the server is up (expiry sweeps, reconcilers). */
    default void afterStart(ServiceContext context) {}

    /** Stops background work; the database and channels are closed by the launcher afterwards. */
    default void stop() {}
}
