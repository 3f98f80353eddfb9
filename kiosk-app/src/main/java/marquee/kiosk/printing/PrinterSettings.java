package marquee.kiosk.printing;

import java.nio.file.Path;
import java.util.Optional;
import marquee.platform.config.Config;

/**
 * Which printer the kiosk uses, from {@code marquee.kiosk.printer} ({@code MARQUEE_KIOSK_PRINTER})
 * and {@code marquee.kiosk.printer.fallback}:
 * <ul>
 *   <li>{@code pdf:/dir} — PDF files in a directory (default {@code ~/.marquee/prints});</li>
 *   <li>{@code escpos-tcp://host:9100} — a networked ESC/POS thermal printer;</li>
 *   <li>{@code escpos-file:/dev/usb/lp0} — an ESC/POS printer behind a device file;</li>
 *   <li>{@code system:<name>} or {@code system:default} — an OS printer through javafx.print.</li>
 * </ul>
 * {@code marquee.kiosk.printer.format} ({@code thermal80} or {@code a4}) chooses the PDF layout.
 */
public record PrinterSettings(String primary, Optional<String> fallback, PaperFormat pdfFormat) {
    public static final String KEY = "marquee.kiosk.printer";

    public static PrinterSettings from(Config config) {
        String defaultPdf = "pdf:" + config.dataDir().resolve("prints");
        PaperFormat format = switch (config.get(KEY + ".format", "thermal80").toLowerCase(java.util.Locale.ROOT)) {
            case "a4" -> PaperFormat.A4;
            case "thermal80", "80mm" -> PaperFormat.THERMAL_80MM;
            default -> throw new IllegalArgumentException("Setting " + KEY + ".format must be thermal80 or a4");
        };
        return new PrinterSettings(config.get(KEY, defaultPdf), config.find(KEY + ".fallback"), format);
    }

    /** The configured printer, wrapped with its fallback when one is set. */
    public Printer printer() {
        Printer first = parse(primary, pdfFormat);
        return fallback.<Printer>map(f -> new FallbackPrinter(first, parse(f, pdfFormat))).orElse(first);
    }

    public static Printer parse(String spec, PaperFormat pdfFormat) {
        String s = spec.trim();
        if (s.startsWith("pdf:")) return new PdfFilePrinter(Path.of(expandHome(s.substring(4))), pdfFormat);
        if (s.startsWith("escpos-file:")) return EscPosPrinter.device(Path.of(s.substring("escpos-file:".length())));
        if (s.startsWith("system:")) return new FxPrinter(s.substring("system:".length()));
        if (s.startsWith("escpos-tcp://")) {
            String address = s.substring("escpos-tcp://".length());
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 9100 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Printer " + spec + ": the port is not a number", e);
            }
            if (host.isEmpty()) throw new IllegalArgumentException("Printer " + spec + ": no host");
            return EscPosPrinter.tcp(host, port);
        }
        throw new IllegalArgumentException("Unknown printer \"" + spec
                + "\"; use pdf:/dir, escpos-tcp://host:9100, escpos-file:/dev/usb/lp0 or system:<name>");
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
