package marquee.platform.grpc;

import io.grpc.ClientInterceptor;

/**
 * An interceptor every channel from {@link Channels} gets, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/marquee.platform.grpc.ForwardingInterceptor}). The platform registers
 * the one that passes the caller's token on from service to service; a plain client (kiosk, till,
 * bench) without the platform has none.
 */
public interface ForwardingInterceptor extends ClientInterceptor {
}
