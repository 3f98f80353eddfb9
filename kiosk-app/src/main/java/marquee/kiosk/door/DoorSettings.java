package marquee.kiosk.door;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import marquee.kiosk.KioskSettings;
import marquee.platform.config.Config;

/**
 * How a door scanner runs. Options first, then configuration ({@code MARQUEE_KIOSK_*} /
 * {@code -Dmarquee.kiosk.*}), then defaults.
 *
 * @param stationId    {@code --station} / {@code marquee.kiosk.station.id}: the door's id (journal, uploads, GET /devices)
 * @param admitBefore  {@code --admit-minutes} / {@code marquee.kiosk.door.admit.minutes}: admission opens this long
 *                     before the show (default 60 minutes; earlier scans are TOO_EARLY)
 * @param syncInterval {@code marquee.kiosk.door.sync.seconds}: how often the door syncs tickets and uploads its
 *                     journal while online (default 15 s; while offline it retries sooner, with backoff)
 * @param checkInDeadline {@code marquee.kiosk.door.checkin.timeout.ms}: how long a scan waits for the backend
 *                     before the door decides on its own (default 1500 ms)
 * @param training     {@code --training} / {@code marquee.kiosk.training}: training mode (see TrainingMode)
 */
public record DoorSettings(Optional<String> remoteBackend, String stationId, Path dataDir, Duration admitBefore,
                           Duration syncInterval, Duration checkInDeadline, Locale language, int width, int height,
                           boolean fullScreen, boolean training) {

    public static DoorSettings from(List<String> args, Config config) {
        KioskSettings kiosk = KioskSettings.from(args, config);
        String size = option(args, "--size").orElse(config.get("marquee.kiosk.door.size", "1280x800"));
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        long admit = Long.parseLong(option(args, "--admit-minutes").orElse(config.get("marquee.kiosk.door.admit.minutes", "60")));
        if (admit < 0 || admit > 7 * 24 * 60) throw new IllegalArgumentException("--admit-minutes must be 0 to 10080");
        return new DoorSettings(kiosk.remoteBackend(),
                option(args, "--station").orElse(config.get("marquee.kiosk.station.id", "door-riverside-1")),
                option(args, "--data-dir").map(Path::of).orElse(config.dataDir()),
                Duration.ofMinutes(admit),
                Duration.ofSeconds(Long.parseLong(config.get("marquee.kiosk.door.sync.seconds", "15"))),
                Duration.ofMillis(Long.parseLong(config.get("marquee.kiosk.door.checkin.timeout.ms", "1500"))),
                kiosk.language(), Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()), kiosk.fullScreen(),
                trainingMode(args, config));
    }

    /** {@code --mode door} or {@code MARQUEE_KIOSK_MODE=door}. */
    public static boolean doorMode(List<String> args, Config config) {
        return option(args, "--mode").orElse(config.get("marquee.kiosk.mode", "kiosk")).equalsIgnoreCase("door");
    }

    /** {@code --training} or {@code MARQUEE_KIOSK_TRAINING=true}. */
    public static boolean trainingMode(List<String> args, Config config) {
        return marquee.kiosk.training.TrainingMode.requested(args, config);
    }

    public Path journalFile() {
        return dataDir.resolve("door-" + stationId + (training ? "-training" : "") + ".sqlite");
    }

    public Path cacheFile() {
        return dataDir.resolve("door-cache-" + stationId + (training ? "-training" : "") + ".sqlite");
    }

    private static Optional<String> option(List<String> args, String name) {
        Optional<String> found = Optional.empty();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) found = Optional.of(args.get(i + 1));
        }
        return found;
    }
}
