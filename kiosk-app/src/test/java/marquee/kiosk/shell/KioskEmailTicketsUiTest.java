package marquee.kiosk.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import marquee.kiosk.backend.EmbeddedTestBackend;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.purchase.EmailTickets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15: a kiosk customer gets the tickets by e-mail. After paying, the receipt screen offers
 * it; the address is typed on the on-screen keyboard, a malformed one is refused on screen, a good
 * one goes to NotificationsService through the kiosk's backend port, and the mail — with the
 * tickets PDF attached — reaches a real SMTP server (GreenMail). The receipt shows the address
 * shortened only. At the three kiosk sizes, in English and German; screenshots of each step.
 */
class KioskEmailTicketsUiTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication()).withPerMethodLifecycle(false);

    private static EmbeddedTestBackend backend;
    private KioskUi ui;

    @BeforeAll
    static void startBackend() throws Exception {
        System.setProperty("marquee.data.dir", Files.createTempDirectory("kiosk-email-data").toString());
        backend = EmbeddedTestBackend.start(Files.createTempDirectory("kiosk-email"), Map.of("marquee.smtp.host", "127.0.0.1",
                "marquee.smtp.port", Integer.toString(smtp.getSmtp().getPort()), "marquee.smtp.starttls", "false",
                "marquee.events.relay.interval", "PT0.1S"));
    }

    @AfterAll
    static void stopBackend() {
        System.clearProperty("marquee.data.dir");
        if (backend != null) backend.close();
    }

    @AfterEach
    void closeApp() throws Exception {
        if (ui != null) ui.close();
    }

    /** Taps the on-screen keys for this text. */
    private void typeOnScreen(String text) {
        for (char c : text.toCharArray()) {
            String key = switch (c) {
                case '@' -> "at";
                case '.' -> "dot";
                case '-' -> "dash";
                case '_' -> "underscore";
                default -> String.valueOf(c);
            };
            ui.tap("#key-" + key);
        }
    }

    @ParameterizedTest(name = "at {0} in {1}")
    @CsvSource({"1280x800, en, anna1@example.org", "1920x1080, en, ben2@example.com", "1080x1920, de, clara3@beispiel.de"})
    void theCustomerTypesAnAddressAfterPayingAndTheTicketsArriveAsPdf(String size, String language, String address) throws Exception {
        String shots = "email-" + size + "-" + language;
        ui = KioskUi.launch("--backend", backend.runtime().inProcessTarget(), "--size", size, "--idle-seconds", "600");
        ResourceBundle text = ResourceBundle.getBundle("marquee.kiosk.purchase.email", java.util.Locale.forLanguageTag(language));
        ui.waitForScreen(Screen.ATTRACT);
        ui.tap("#language-" + language);
        ui.toSeatMap(null);
        ui.tap("#best-seats");
        ui.waitUntil("two seats", Duration.ofSeconds(20),
                () -> ui.seats().selectionProperty().get().seatMapProperty().get().selectedSeats().size() == 2);
        ui.tap("#continue");
        ui.waitForScreen(Screen.TICKETS);
        ui.tap("#to-payment");
        ui.waitForScreen(Screen.PAYMENT);
        ui.tap("#card-4242");
        ui.waitForScreen(Screen.SUCCESS);
        String code = ui.checkout().sessionProperty().get().holdProperty().get().code();
        EmailTickets email = ui.checkout().emailTickets();
        ui.shot(shots, "1-receipt");

        ui.tap("#email-open");
        ui.waitUntil("the keyboard", Duration.ofSeconds(10), () -> email.stateProperty().get() == EmailTickets.State.EDITING);
        // A malformed address is refused on screen, before anything is sent.
        typeOnScreen("anna@example");
        assertThat(email.addressProperty().get()).isEqualTo("anna@example");
        ui.tap("#email-send");
        ui.waitUntil("the refusal", Duration.ofSeconds(10), () -> email.stateProperty().get() == EmailTickets.State.INVALID);
        assertThat(ui.text("#email-status")).isEqualTo(text.getString("email.invalid"));
        ui.shot(shots, "2-address-refused");

        for (int i = 0; i < "anna@example".length(); i++) ui.tap("#key-backspace");
        assertThat(email.addressProperty().get()).isEmpty();
        typeOnScreen(address);
        assertThat(email.addressProperty().get()).isEqualTo(address);
        ui.shot(shots, "3-address-typed");
        ui.tap("#email-send");
        ui.waitUntil("sent", Duration.ofSeconds(30), () -> email.stateProperty().get() == EmailTickets.State.SENT);
        String local = address.substring(0, address.indexOf('@'));
        String domain = address.substring(address.indexOf('@') + 1);
        String shown = local.charAt(0) + "…@" + domain.charAt(0) + "…" + domain.substring(domain.lastIndexOf('.'));
        assertThat(ui.text("#email-status")).isEqualTo(java.text.MessageFormat.format(text.getString("email.sent"), shown))
                .doesNotContain(local).doesNotContain(domain);
        assertThat(ui.robot.lookup("#email-address").tryQuery()).as("the keyboard closed").isEmpty();
        assertThat(ui.robot.lookup(".ticket-preview").queryAll()).hasSize(2);
        ui.shot(shots, "4-sent");

        // The mail: to the address typed, the booking's tickets as a PDF.
        MimeMessage mail = awaitMail(address);
        assertThat(mail.getSubject()).startsWith("Your tickets").contains(code);
        Part pdf = attachment(mail);
        assertThat(pdf.getFileName()).isEqualTo("tickets-" + code + ".pdf");
        assertThat(pdf.getContentType()).startsWith("application/pdf");
        byte[] bytes = pdf.getInputStream().readAllBytes();
        assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        // The next customer finds nothing of it.
        ui.tap("#done");
        ui.waitForScreen(Screen.ATTRACT);
        assertThat(email.addressProperty().get()).isEmpty();
        assertThat(email.sentToProperty().get()).isEmpty();
        assertThat(email.stateProperty().get()).isEqualTo(EmailTickets.State.CLOSED);
    }

    private static MimeMessage awaitMail(String address) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            List<MimeMessage> to = Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
                try {
                    return m.getAllRecipients()[0].toString().equals(address);
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            if (!to.isEmpty()) {
                assertThat(to).as("mails to " + address).hasSize(1);
                return to.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + address);
    }

    private static Part attachment(MimeMessage mail) throws Exception {
        Multipart parts = (Multipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            Part part = parts.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) return part;
        }
        throw new AssertionError("no attachment in " + mail.getSubject());
    }

}
