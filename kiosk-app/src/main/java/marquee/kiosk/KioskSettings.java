package marquee.kiosk;

import java.util.List;
import java.util.Optional;
import marquee.platform.config.Config;

/** How this kiosk runs: embedded backend or a remote one, and as which device. */
public record KioskSettings(Optional<String> remoteBackend, String deviceId, String deviceSecret) {

    public static KioskSettings from(List<String> args, Config config) {
        Optional<String> remote = config.find("marquee.kiosk.backend");
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--backend")) remote = Optional.of(args.get(i + 1));
        }
        return new KioskSettings(remote,
                config.get("marquee.kiosk.device.id", "kiosk-riverside-1"),
                config.get("marquee.kiosk.device.secret", "KioskDemo2026"));
    }
}
