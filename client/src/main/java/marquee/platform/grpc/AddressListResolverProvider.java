package marquee.platform.grpc;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code list:///host1:port1,host2:port2} to those addresses, so a client can spread
 * calls over instances listed in configuration (where DNS cannot list several ports, e.g. two
 * instances on one machine). With DNS, use {@code dns:///name:port} instead.
 */
public final class AddressListResolverProvider extends NameResolverProvider {
    static final String SCHEME = "list";

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) return null;
        String path = target.getPath() == null ? "" : target.getPath().replaceFirst("^/", "");
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (String entry : path.split(",")) {
            String hostPort = entry.strip();
            if (hostPort.isEmpty()) continue;
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("Address \"" + hostPort + "\" in " + target + " needs host:port");
            SocketAddress address = InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1)));
            groups.add(new EquivalentAddressGroup(resolve((InetSocketAddress) address)));
        }
        if (groups.isEmpty()) throw new IllegalArgumentException("No addresses in " + target);
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return "marquee";
            }

            @Override
            public void start(Listener2 listener) {
                listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(io.grpc.StatusOr.fromValue(groups)).build());
            }

            @Override
            public void shutdown() {}
        };
    }

    private static InetSocketAddress resolve(InetSocketAddress unresolved) {
        return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    }
}
