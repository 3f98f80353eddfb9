package marquee.theaters;

import io.grpc.BindableService;
import java.util.List;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;

/** The theaters service: cinemas, halls and seat layouts (schema {@code theaters}). */
public final class TheatersModule implements ServiceModule {
    public TheatersModule() {}

    @Override
    public String name() {
        return "theaters";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(CinemaEntity.class, HallEntity.class);
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        return List.of(new TheatersGrpcService(new TheatersService(context.database())));
    }
}
