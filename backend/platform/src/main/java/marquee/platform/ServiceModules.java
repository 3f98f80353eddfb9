package marquee.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds service modules on the class path by name ({@code META-INF/services/marquee.platform.ServiceModule}),
 * so launchers and tests pick services by name without compiling against another service's code.
 */
public final class ServiceModules {
    /** The order services start in: those others call at start-up come first. */
    public static final List<String> ALL = List.of("users", "theaters", "movies", "reservations", "payments", "tickets",
            "notifications");

    private ServiceModules() {}

    public static List<ServiceModule> load(List<String> names) {
        Map<String, ServiceModule> available = new TreeMap<>();
        for (ServiceModule module : ServiceLoader.load(ServiceModule.class)) {
            available.put(module.name(), module);
        }
        List<ServiceModule> chosen = new ArrayList<>();
        for (String name : names) {
            ServiceModule module = available.get(name);
            if (module == null) {
                throw new IllegalArgumentException("Unknown service \"" + name + "\"; available: " + available.keySet());
            }
            chosen.add(module);
        }
        return chosen;
    }

    public static ServiceModule[] byName(String... names) {
        return load(List.of(names)).toArray(ServiceModule[]::new);
    }
}
