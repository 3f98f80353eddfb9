package marquee.kiosk.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

class PrinterSettingsTest {
    @Test
    void defaultIsPdfFilesInTheDataDirectory() {
        Printer printer = PrinterSettings.from(Config.withOverrides(Map.of("marquee.data.dir", "/srv/kiosk"))).printer();
        assertThat(printer).isInstanceOf(PdfFilePrinter.class);
        assertThat(((PdfFilePrinter) printer).directory()).isEqualTo(Path.of("/srv/kiosk/prints"));
    }

    @Test
    void everyKindOfPrinterAndAFallbackAreConfigurable() {
        Printer printer = PrinterSettings.from(Config.withOverrides(Map.of(
                "marquee.kiosk.printer", "escpos-tcp://10.0.0.7:9100",
                "marquee.kiosk.printer.fallback", "pdf:/tmp/prints",
                "marquee.kiosk.printer.format", "a4"))).printer();
        assertThat(printer).isInstanceOf(FallbackPrinter.class);
        assertThat(((FallbackPrinter) printer).primary().name()).isEqualTo("escpos-tcp://10.0.0.7:9100");
        assertThat(((FallbackPrinter) printer).fallback().name()).isEqualTo("pdf:/tmp/prints");
        assertThat(PrinterSettings.parse("escpos-tcp://printer.lobby", PaperFormat.A4).name()).isEqualTo("escpos-tcp://printer.lobby:9100");
        assertThat(PrinterSettings.parse("escpos-file:/dev/usb/lp0", PaperFormat.A4).name()).isEqualTo("escpos-file:/dev/usb/lp0");
        assertThat(PrinterSettings.parse("system:Office Laser", PaperFormat.A4).name()).isEqualTo("system:Office Laser");
        assertThatThrownBy(() -> PrinterSettings.parse("lpt1", PaperFormat.A4)).hasMessageContaining("escpos-tcp://host:9100");
        assertThatThrownBy(() -> PrinterSettings.parse("escpos-tcp://host:abc", PaperFormat.A4)).hasMessageContaining("port");
    }

    @Test
    void aMissingSystemPrinterIsAClearErrorNotAHang() throws Exception {
        try {
            javafx.application.Platform.startup(() -> {});
        } catch (IllegalStateException alreadyRunning) {
            // another test started the toolkit first
        }
        FxPrinter printer = new FxPrinter("No Such Printer 42");
        PrinterStatus status = printer.status();
        assertThat(status.state()).isEqualTo(PrinterState.OFFLINE);
        assertThat(status.detail()).contains("No Such Printer 42");
        assertThatThrownBy(() -> printer.print(List.of(SampleTickets.ticket(1, false, Locale.ENGLISH))))
                .isInstanceOf(PrinterException.class).hasMessageContaining("No printer named \"No Such Printer 42\"");
    }
}
