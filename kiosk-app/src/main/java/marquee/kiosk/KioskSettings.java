package marquee.kiosk;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import marquee.platform.config.Config;

/**
 * How this kiosk runs. Each setting comes from a command-line option, else from configuration
 * ({@code MARQUEE_KIOSK_*} environment variables or {@code -Dmarquee.kiosk.*}), else a default.
 *
 * @param remoteBackend {@code --backend host:port}: use a remote backend instead of the embedded one
 * @param fullScreen    {@code --fullscreen}: kiosk mode, full screen without an exit hint
 * @param idleTimeout   {@code --idle-seconds}: quiet time before "still there?" (default 60 s)
 * @param idleGrace     {@code --idle-grace-seconds}: time to answer "still there?" (default 20 s)
 * @param language      {@code --language}: the language a new customer starts with (en, de)
 */
public record KioskSettings(Optional<String> remoteBackend, String deviceId, String deviceSecret, boolean fullScreen,
                            Duration idleTimeout, Duration idleGrace, Locale language, int width, int height) {

    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.GERMAN);

    public static KioskSettings from(List<String> args, Config config) {
        Optional<String> remote = option(args, "--backend").or(() -> config.find("marquee.kiosk.backend"));
        boolean fullScreen = args.contains("--fullscreen") || Boolean.parseBoolean(config.get("marquee.kiosk.fullscreen", "false"));
        long idle = Long.parseLong(option(args, "--idle-seconds").orElse(config.get("marquee.kiosk.idle.seconds", "60")));
        long grace = Long.parseLong(option(args, "--idle-grace-seconds").orElse(config.get("marquee.kiosk.idle.grace.seconds", "20")));
        String language = option(args, "--language").orElse(config.get("marquee.kiosk.language", "en"));
        String size = option(args, "--size").orElse(config.get("marquee.kiosk.size", "1280x800"));
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (idle < 1 || grace < 1) throw new IllegalArgumentException("idle and grace seconds must be at least 1");
        return new KioskSettings(remote,
                config.get("marquee.kiosk.device.id", "kiosk-riverside-1"),
                deviceSecret(remote, config),
                fullScreen, Duration.ofSeconds(idle), Duration.ofSeconds(grace), supported(language),
                Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()));
    }

    /** The demo kiosk's built-in secret only with the embedded (demo) backend; a real backend needs the device's own. */
    static final String DEMO_DEVICE_SECRET = "KioskDemo2026";

    private static String deviceSecret(Optional<String> remote, Config config) {
        Optional<String> configured = config.find("marquee.kiosk.device.secret");
        // An in-process target is a backend inside this JVM: embedded, as far as secrets go.
        boolean embedded = remote.isEmpty() || remote.get().startsWith("inprocess:");
        if (configured.isPresent() || embedded) return configured.orElse(DEMO_DEVICE_SECRET);
        org.slf4j.LoggerFactory.getLogger(KioskSettings.class).error("No device secret: set MARQUEE_KIOSK_DEVICE_SECRET to this"
                + " kiosk's own secret (the built-in demo secret is only for the embedded demo backend)");
        return "";
    }

    private static Locale supported(String tag) {
        Locale wanted = Locale.forLanguageTag(tag);
        return LANGUAGES.stream().filter(l -> l.getLanguage().equals(wanted.getLanguage())).findFirst().orElse(Locale.ENGLISH);
    }

    /** The value after the last {@code name} on the command line (a later option overrides an earlier one). */
    private static Optional<String> option(List<String> args, String name) {
        Optional<String> found = Optional.empty();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) found = Optional.of(args.get(i + 1));
        }
        return found;
    }
}
