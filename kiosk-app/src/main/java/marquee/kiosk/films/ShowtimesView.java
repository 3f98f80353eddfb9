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
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.model.ShowtimeInfo;
import marquee.kiosk.ui.ScreenFrame;

/** The chosen film's showtimes: a row of days, then the times of the chosen day as large buttons. */
public final class ShowtimesView extends ScreenFrame {
    public ShowtimesView(ProgrammeViewModel viewModel, ResourceBundle text) {
        super(viewModel, text, viewModel.filmProperty().get() == null ? "" : viewModel.filmProperty().get().title(), content(viewModel, text));
        getStyleClass().add("showtimes-screen");
    }

    private static HBox content(ProgrammeViewModel viewModel, ResourceBundle text) {
        FilmInfo film = viewModel.filmProperty().get();
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
        LocalDate today = LocalDate.now(viewModel.zone());
        Runnable fillDays = () -> {
            ToggleGroup group = new ToggleGroup();
            dayBar.getChildren().clear();
            for (LocalDate day : viewModel.days()) {
                String label = day.equals(today) ? text.getString("showtimes.today")
                        : day.equals(today.plusDays(1)) ? text.getString("showtimes.tomorrow") : dayFormat.format(day);
                ToggleButton button = new ToggleButton(label);
                button.setId("day-" + day);
                button.getStyleClass().add("day-button");
                button.setToggleGroup(group);
                button.setSelected(day.equals(viewModel.dayProperty().get()));
                button.setOnAction(event -> {
                    button.setSelected(true);
                    viewModel.chooseDay(day);
                });
                dayBar.getChildren().add(button);
            }
        };
        viewModel.days().addListener((javafx.collections.ListChangeListener<LocalDate>) change -> fillDays.run());
        viewModel.dayProperty().addListener((property, old, day) -> fillDays.run());
        fillDays.run();

        FlowPane times = new FlowPane(20, 20);
        times.getStyleClass().add("time-grid");
        Label none = new Label(text.getString("showtimes.loading"));
        none.getStyleClass().add("film-meta");
        DateTimeFormatter time = DateTimeFormatter.ofPattern(text.getString("format.time"), text.getLocale()).withZone(viewModel.zone());
        Runnable fill = () -> {
            times.getChildren().setAll(viewModel.showtimes().stream().map(show -> timeButton(viewModel, show, time)).toList());
            if (viewModel.showtimes().isEmpty()) {
                none.setText(text.getString(viewModel.dayProperty().get() == null && viewModel.days().isEmpty()
                        ? "showtimes.loading" : "showtimes.none"));
                times.getChildren().add(none);
            }
        };
        viewModel.showtimes().addListener((javafx.collections.ListChangeListener<ShowtimeInfo>) change -> fill.run());
        viewModel.dayProperty().addListener((property, old, day) -> fill.run());
        fill.run();
        VBox right = new VBox(28, dayBar, times);
        HBox content = new HBox(40, about, right);
        content.getStyleClass().add("showtimes-content");
        content.setAlignment(Pos.TOP_LEFT);
        return content;
    }

    private static Button timeButton(ProgrammeViewModel viewModel, ShowtimeInfo show, DateTimeFormatter time) {
        Label at = new Label(time.format(show.startsAt()));
        at.getStyleClass().add("time-label");
        Label where = new Label(show.hallName() + (show.format().isBlank() ? "" : "  ·  " + show.format()));
        where.getStyleClass().add("time-hall");
        Button button = new Button(null, new VBox(4, at, where));
        button.setId("showtime-" + show.id());
        button.getStyleClass().add("time-button");
        button.setOnAction(event -> viewModel.chooseShowtime(show));
        return button;
    }
}
