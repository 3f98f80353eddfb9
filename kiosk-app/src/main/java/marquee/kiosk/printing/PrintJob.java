package marquee.kiosk.printing;

import java.nio.file.Path;
import java.util.Optional;

/** A finished job: which printer took it, how many items, and the file when it printed to one (PDF). */
public record PrintJob(String printer, int items, Optional<Path> file) {}
