package marquee.payments;

import io.grpc.BindableService;
import java.util.List;
import marquee.payments.v1.PaymentsServiceGrpc;
import marquee.platform.ServiceContext;
import marquee.platform.ServiceModule;

/**
 * The payments service. Its contract is final; the implementation lands with the booking-core
 * issue. Until then every RPC answers UNIMPLEMENTED (never a fake result), but the service is
 * hosted, listed by reflection and reported by health like the others.
 */
public final class PaymentsModule implements ServiceModule {
    @Override
    public String name() {
        return "payments";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of();
    }

    @Override
    public List<BindableService> services(ServiceContext context) {
        return List.of(new PaymentsServiceGrpc.PaymentsServiceImplBase() {});
    }
}
