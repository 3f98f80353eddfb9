package marquee.notifications;

import jakarta.activation.DataHandler;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.List;
import java.util.Properties;
import marquee.platform.config.Config;

/**
 * Sends e-mail over SMTP (Jakarta Mail). Settings: {@code MARQUEE_SMTP_HOST} (none: no mail is
 * sent, and the log says so), {@code MARQUEE_SMTP_PORT} (587), {@code MARQUEE_SMTP_STARTTLS}
 * (true: the connection must be upgraded to TLS), {@code MARQUEE_SMTP_SSL} (false: TLS from the
 * first byte, usually port 465), {@code MARQUEE_SMTP_USER} / {@code MARQUEE_SMTP_PASSWORD}
 * (login, optional), {@code MARQUEE_SMTP_FROM} (the sender).
 */
final class Mailer {
    record Attachment(String fileName, String contentType, byte[] content) {}

    private final String host;
    private final String from;
    private final Session session;

    Mailer(Config config) {
        this.host = config.get("marquee.smtp.host", "");
        this.from = config.get("marquee.smtp.from", "Marquee <tickets@marquee.invalid>");
        Properties p = new Properties();
        boolean ssl = config.getBoolean("marquee.smtp.ssl", false);
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", config.get("marquee.smtp.port", ssl ? "465" : "587"));
        p.put("mail.smtp.starttls.enable", config.get("marquee.smtp.starttls", "true"));
        p.put("mail.smtp.starttls.required", config.get("marquee.smtp.starttls", "true"));
        p.put("mail.smtp.ssl.enable", Boolean.toString(ssl));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        String user = config.get("marquee.smtp.user", "");
        String password = config.get("marquee.smtp.password", "");
        if (!user.isEmpty()) {
            p.put("mail.smtp.auth", "true");
            session = Session.getInstance(p, new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            });
        } else {
            session = Session.getInstance(p);
        }
    }

    boolean configured() {
        return !host.isBlank();
    }

    String host() {
        return host;
    }

    /**
     * Sends one mail. {@code purpose} (the mail's unique purpose, see MailStore) gives it a stable
     * Message-ID: a mail sent again after a crash between the server's acceptance and our record
     * of it (the one window at-least-once delivery leaves) carries the same ID, so mail clients
     * and archives show it once.
     */
    void send(String to, String subject, String text, List<Attachment> attachments, String purpose) throws MessagingException {
        String messageId = "<" + java.util.UUID.nameUUIDFromBytes(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "@" + domainOf(from) + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(subject, "UTF-8");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        parts.addBodyPart(body);
        for (Attachment attachment : attachments) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
            part.setFileName(attachment.fileName());
            parts.addBodyPart(part);
        }
        message.setContent(parts);
        Transport.send(message);
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "marquee.invalid" : address.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
        return domain.isEmpty() ? "marquee.invalid" : domain;
    }
}
