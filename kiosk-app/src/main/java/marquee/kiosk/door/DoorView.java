package marquee.kiosk.door;

import marquee.kiosk.model.DoorModel;
import marquee.kiosk.model.ScanResult;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import marquee.kiosk.model.DoorModel.ShowtimeChoice;

/**
 * The door screen: a staff sign-in, then one big verdict — green ADMIT or red REFUSE with the
 * reason, readable from two metres — over the ticket's film, hall, seat and showtime. The scan
 * field keeps the keyboard, so a keyboard-wedge scanner (keystrokes ending in Enter) just works.
 */
public final class DoorView extends StackPane {
    private final DoorViewModel model;
    private final TextField scanField = new TextField();

    public DoorView(DoorViewModel model) {
        this.model = model;
        getStyleClass().add("door");
        getStylesheets().add(DoorView.class.getResource("/marquee/kiosk/door/door.css").toExternalForm());
        VBox signIn = signIn();
        BorderPane scan = scan();
        signIn.visibleProperty().bind(model.screenProperty().isEqualTo(DoorViewModel.Screen.SIGN_IN));
        scan.visibleProperty().bind(model.screenProperty().isEqualTo(DoorViewModel.Screen.SCAN));
        VBox root = new VBox();
        if (model.training()) {
            Label banner = new Label(model.text("training.banner"));
            banner.getStyleClass().add("training-banner");
            banner.setId("training-banner");
            banner.setMaxWidth(Double.MAX_VALUE);
            root.getChildren().add(banner);
        }
        StackPane screens = new StackPane(signIn, scan);
        VBox.setVgrow(screens, Priority.ALWAYS);
        root.getChildren().add(screens);
        getChildren().add(root);
        model.screenProperty().addListener((p, was, now) -> Platform.runLater(this::focusField));
    }

    private VBox signIn() {
        Label title = new Label(model.text("signin.title"));
        title.getStyleClass().add("door-title");
        TextField login = new TextField();
        login.setId("door-login");
        login.setPromptText(model.text("signin.login"));
        login.textProperty().bindBidirectional(model.loginProperty());
        PasswordField pin = new PasswordField();
        pin.setId("door-pin");
        pin.setPromptText(model.text("signin.pin"));
        pin.textProperty().bindBidirectional(model.pinProperty());
        Button go = new Button(model.text("signin.button"));
        go.setId("door-sign-in");
        go.setDefaultButton(true);
        go.disableProperty().bind(model.busyProperty());
        go.setOnAction(e -> model.signIn());
        pin.setOnAction(e -> model.signIn());
        login.setOnAction(e -> pin.requestFocus());
        Label error = new Label();
        error.setId("door-sign-in-error");
        error.getStyleClass().add("error");
        error.textProperty().bind(model.signInErrorProperty());
        error.setWrapText(true);
        GridPane form = new GridPane();
        form.getStyleClass().add("door-form");
        form.addRow(0, new Label(model.text("signin.login")), login);
        form.addRow(1, new Label(model.text("signin.pin")), pin);
        VBox box = new VBox(title, form, go, error);
        box.getStyleClass().add("door-sign-in");
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private BorderPane scan() {
        Label staff = new Label();
        staff.textProperty().bind(model.staffLineProperty());
        staff.getStyleClass().add("door-status");
        ComboBox<ShowtimeChoice> admitting = new ComboBox<>(model.showtimes());
        admitting.setId("door-admitting");
        admitting.setPromptText(model.text("admitting.any"));
        admitting.valueProperty().bindBidirectional(model.admittingProperty());
        admitting.setConverter(new StringConverter<>() {
            @Override
            public String toString(ShowtimeChoice choice) {
                return model.label(choice);
            }

            @Override
            public ShowtimeChoice fromString(String text) {
                return null;
            }
        });
        admitting.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(ShowtimeChoice item, boolean empty) {
                super.updateItem(item, empty);
                setText(model.label(empty ? null : item));
            }
        });
        admitting.setFocusTraversable(false);
        admitting.setOnHidden(e -> focusField());
        Label admittingLabel = new Label(model.text("admitting"));
        admittingLabel.getStyleClass().add("door-status");
        Label connection = new Label();
        connection.setId("door-connection");
        connection.textProperty().bind(model.connectionProperty());
        connection.getStyleClass().add("door-connection");
        model.onlineProperty().addListener((p, was, now) -> connection.pseudoClassStateChanged(OFFLINE, !now));
        connection.pseudoClassStateChanged(OFFLINE, !model.onlineProperty().get());
        Label backlog = new Label();
        backlog.setId("door-backlog");
        backlog.textProperty().bind(model.backlogProperty());
        backlog.getStyleClass().add("door-status");
        Label duplicates = new Label();
        duplicates.setId("door-duplicates");
        duplicates.textProperty().bind(model.duplicatesTextProperty());
        duplicates.getStyleClass().add("door-status");
        model.duplicatesProperty().addListener((p, was, now) -> duplicates.pseudoClassStateChanged(ALERT, now.longValue() > 0));
        duplicates.pseudoClassStateChanged(ALERT, model.duplicatesProperty().get() > 0);
        Button signOut = new Button(model.text("signout"));
        signOut.setId("door-sign-out");
        signOut.setFocusTraversable(false);
        signOut.setOnAction(e -> model.signOut());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (Region keep : new Region[] {admittingLabel, signOut, connection, duplicates}) keep.setMinWidth(Region.USE_PREF_SIZE);
        admitting.setPrefWidth(420);
        // In portrait (1080 wide) the bar is narrower than its parts: the showtime choice gives way
        // first and the staff line wraps rather than cutting the door's station id off.
        admitting.setMinWidth(220);
        staff.setWrapText(true);
        staff.setMinWidth(260);
        HBox bar = new HBox(staff, spacer, admittingLabel, admitting, signOut);
        bar.getStyleClass().add("door-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        // The state of the door itself, below the verdict: online or not, the journal backlog, duplicates found.
        HBox strip = new HBox(connection, backlog, gap, duplicates);
        strip.getStyleClass().add("door-strip");
        strip.setAlignment(Pos.CENTER_LEFT);

        Label headline = new Label();
        headline.setId("door-headline");
        headline.textProperty().bind(model.headlineProperty());
        headline.getStyleClass().add("door-headline");
        Label reason = new Label();
        reason.setId("door-reason");
        reason.textProperty().bind(model.reasonProperty());
        reason.getStyleClass().add("door-reason");
        reason.setWrapText(true);
        GridPane details = new GridPane();
        details.getStyleClass().add("door-details");
        details.setAlignment(Pos.CENTER);
        detail(details, 0, "detail.film", "door-film", model.filmProperty());
        detail(details, 1, "detail.hall", "door-hall", model.hallProperty());
        detail(details, 2, "detail.seat", "door-seat", model.seatProperty());
        detail(details, 3, "detail.showtime", "door-showtime", model.showtimeProperty());
        VBox verdict = new VBox(headline, reason, details);
        verdict.setId("door-verdict");
        verdict.getStyleClass().add("door-verdict");
        verdict.setAlignment(Pos.CENTER);
        model.resultProperty().addListener((p, was, now) -> style(verdict, now));
        style(verdict, model.resultProperty().get());

        scanField.setId("door-scan");
        scanField.setPromptText(model.text("scan.prompt"));
        scanField.getStyleClass().add("door-scan");
        scanField.setOnAction(e -> {
            String code = scanField.getText();
            scanField.clear();
            model.scan(code);
        });
        // The scanner types wherever the focus is: keep it in the scan field.
        scanField.focusedProperty().addListener((p, was, now) -> {
            if (!now && model.screenProperty().get() == DoorViewModel.Screen.SCAN) Platform.runLater(this::focusField);
        });
        BorderPane page = new BorderPane(verdict);
        page.setTop(bar);
        page.setBottom(new VBox(strip, scanField));
        return page;
    }

    private static final javafx.css.PseudoClass OFFLINE = javafx.css.PseudoClass.getPseudoClass("offline");
    private static final javafx.css.PseudoClass ALERT = javafx.css.PseudoClass.getPseudoClass("alert");

    private void detail(GridPane grid, int row, String key, String id, javafx.beans.value.ObservableValue<String> value) {
        Label name = new Label(model.text(key));
        name.getStyleClass().add("door-detail-name");
        Label shown = new Label();
        shown.setId(id);
        shown.textProperty().bind(value);
        shown.getStyleClass().add("door-detail");
        grid.addRow(row, name, shown);
    }

    private static void style(VBox verdict, ScanResult result) {
        verdict.getStyleClass().removeAll("admit", "refuse", "idle");
        verdict.getStyleClass().add(result == null ? "idle" : result.admits() ? "admit" : "refuse");
    }

    private void focusField() {
        if (model.screenProperty().get() == DoorViewModel.Screen.SCAN) {
            scanField.requestFocus();
        } else {
            lookupAll("#door-login").forEach(javafx.scene.Node::requestFocus);
        }
    }
}
