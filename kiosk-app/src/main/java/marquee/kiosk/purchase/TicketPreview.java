package marquee.kiosk.purchase;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.model.TicketInfo;
import marquee.kiosk.printing.QrImages;
import marquee.kiosk.ui.ScreenFrame;

/** A ticket as the customer will hold it: film, time, hall and seat, type and price, and its QR code. */
public final class TicketPreview {
    private TicketPreview() {}

    public static Node of(ZoneId zone, ResourceBundle text, TicketInfo ticket) {
        DateTimeFormatter when = DateTimeFormatter.ofPattern(text.getString("format.when"), text.getLocale()).withZone(zone);
        Label film = new Label(ticket.filmTitle());
        film.getStyleClass().add("ticket-film");
        film.setWrapText(true);
        Label time = new Label(when.format(ticket.startsAt()));
        Label seat = new Label(ticket.hallName() + "  ·  " + ScreenFrame.format(text, "tickets.seat", ticket.row(), ticket.number()));
        Label type = ScreenFrame.wrapping(new Label(text.getString("type." + ticket.ticketType().name()) + "  ·  " + ticket.price().format(text.getLocale())));
        ScreenFrame.wrapping(seat);
        ScreenFrame.wrapping(time);
        VBox details = new VBox(6, film, time, seat, type);
        details.setPrefWidth(270);
        details.setMaxWidth(340);
        ImageView qr = new ImageView(QrImages.render(ticket.qrPayload(), 160));
        HBox card = new HBox(16, details, qr);
        card.getStyleClass().add("ticket-preview");
        card.setAlignment(Pos.CENTER_LEFT);
        return card;
    }
}
