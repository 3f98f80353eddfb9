package marquee.kiosk.films;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import marquee.kiosk.flow.KioskFlow;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.shell.ScreenFrame;

/** The chosen film's showtimes: a row of days, then the times of the chosen day as large buttons. */
public final class ShowtimesView extends ScreenFrame {
    public ShowtimesView(KioskFlow flow, ResourceBundle text) {
        super(flow, text, flow.filmProperty().get() == null ? "" : flow.filmProperty().get().title(), content(flow, text));
        getStyleClass().add("showtimes-screen");
    }

    private static HBox content(KioskFlow flow, ResourceBundle text) {
        FilmInfo film = flow.filmProperty().get();
        VBox about = new VBox(16);
        about.getStyleClass().add("film-about");
        if (film != null) {
            Label meta = new Label(ScreenFrame.format(text, "films.runtime", film.runtimeMinutes())
                    + (film.rating().isBlank() ? "" : "  ·  " + ScreenFrame.format(text, "films.rating", film.rating()))
                    + (film.genres().isEmpty() ? "" : "\n" + String.join(", ", film.genres().stream().map(g -> ScreenFrame.translated(text, "genre." + g, g)).toList())));
            meta.getStyleClass().add("film-meta");
            ScreenFrame.wrapping(meta);
            meta.setMaxWidth(300);
            about.getChildren().addAll(PosterArt.of(film, 300, 430), meta);
        }

        FlowPane dayBar = new FlowPane(12, 12);
        dayBar.getStyleClass().add("day-bar");
        DateTimeFormatter dayFormat = DateTimeFormatter.ofPattern("EEE d MMM", text.getLocale());
        LocalDate today = LocalDate.now(flow.zone());
        Runnable fillDays = () -> {
            ToggleGroup group = new ToggleGroup();
            dayBar.getChildren().clear();
            for (LocalDate day : flow.days()) {
                String label = day.equals(today) ? text.getString("showtimes.today")
                        : day.equals(today.plusDays(1)) ? text.getString("showtimes.tomorrow") : dayFormat.format(day);
                ToggleButton button = new ToggleButton(label);
                button.setId("day-" + day);
                button.getStyleClass().add("day-button");
                button.setToggleGroup(group);
                button.setSelected(day.equals(flow.dayProperty().get()));
                button.setOnAction(event -> {
                    button.setSelected(true);
                    flow.chooseDay(day);
                });
                dayBar.getChildren().add(button);
            }
        };
        flow.days().addListener((javafx.collections.ListChangeListener<LocalDate>) change -> fillDays.run());
        flow.dayProperty().addListener((property, old, day) -> fillDays.run());
        fillDays.run();

        FlowPane times = new FlowPane(20, 20);
        times.getStyleClass().add("time-grid");
        Label none = new Label(text.getString("showtimes.loading"));
        none.getStyleClass().add("film-meta");
        DateTimeFormatter time = DateTimeFormatter.ofPattern(text.getString("format.time"), text.getLocale()).withZone(flow.zone());
        Runnable fill = () -> {
            times.getChildren().setAll(flow.showtimes().stream().map(show -> timeButton(flow, show, time)).toList());
            if (flow.showtimes().isEmpty()) {
                none.setText(text.getString(flow.dayProperty().get() == null && flow.days().isEmpty()
                        ? "showtimes.loading" : "showtimes.none"));
                times.getChildren().add(none);
            }
        };
        flow.showtimes().addListener((javafx.collections.ListChangeListener<ShowtimeInfo>) change -> fill.run());
        flow.dayProperty().addListener((property, old, day) -> fill.run());
        fill.run();
        VBox right = new VBox(28, dayBar, times);
        HBox content = new HBox(40, about, right);
        content.getStyleClass().add("showtimes-content");
        content.setAlignment(Pos.TOP_LEFT);
        return content;
    }

    private static Button timeButton(KioskFlow flow, ShowtimeInfo show, DateTimeFormatter time) {
        Label at = new Label(time.format(show.startsAt()));
        at.getStyleClass().add("time-label");
        Label where = new Label(show.hallName() + (show.format().isBlank() ? "" : "  ·  " + show.format()));
        where.getStyleClass().add("time-hall");
        Button button = new Button(null, new VBox(4, at, where));
        button.setId("showtime-" + show.id());
        button.getStyleClass().add("time-button");
        button.setOnAction(event -> flow.chooseShowtime(show));
        return button;
    }
}
