package marquee.kiosk.start;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;
import marquee.kiosk.films.ProgrammeViewModel;
import marquee.kiosk.health.DeviceHealth;
import marquee.kiosk.health.Fault;
import marquee.kiosk.model.FilmInfo;
import marquee.kiosk.nav.Navigator;
import marquee.kiosk.nav.Screen;
import marquee.kiosk.nav.ScreenModel;
import marquee.kiosk.pickup.PickupViewModel;
import marquee.kiosk.purchase.CheckoutViewModel;

/**
 * The start screen (attract loop, language, "Buy tickets", "Pick up tickets") and the
 * out-of-order screen: what they show, and where a touch on them leads.
 */
public final class StartViewModel extends ScreenModel {
    private final DeviceHealth health;
    private final ProgrammeViewModel programme;
    private final CheckoutViewModel checkout;
    private final PickupViewModel pickup;
    private final List<Locale> languages;
    private final String deviceId;

    public StartViewModel(Navigator nav, DeviceHealth health, ProgrammeViewModel programme, CheckoutViewModel checkout,
                          PickupViewModel pickup, List<Locale> languages, String deviceId) {
        super(nav);
        this.health = Objects.requireNonNull(health);
        this.programme = Objects.requireNonNull(programme);
        this.checkout = Objects.requireNonNull(checkout);
        this.pickup = Objects.requireNonNull(pickup);
        this.languages = List.copyOf(languages);
        this.deviceId = Objects.requireNonNull(deviceId);
    }

    /** The cinema's name, or {@code fallback} until it is known. */
    public StringBinding cinemaName(String fallback) {
        return Bindings.createStringBinding(() -> health.cinemaProperty().get() == null ? fallback
                : health.cinemaProperty().get().name(), health.cinemaProperty());
    }

    /** The films whose posters take turns. */
    public ObservableList<FilmInfo> films() { return programme.films(); }
    public ReadOnlyDoubleProperty startupProgressProperty() { return health.startupProgressProperty(); }
    public ReadOnlyStringProperty startupStepProperty() { return health.startupStepProperty(); }
    /** True once a purchase can begin. */
    public ReadOnlyBooleanProperty readyProperty() { return health.readyProperty(); }
    public ReadOnlyObjectProperty<Fault> faultProperty() { return health.faultProperty(); }
    public ReadOnlyBooleanProperty pickupAvailableProperty() { return pickup.availableProperty(); }
    public List<Locale> languages() { return languages; }
    public Locale language() { return nav.language(); }
    public String deviceId() { return deviceId; }

    public ZoneId zone() {
        return health.zone();
    }

    /** The customer chose a language on the start screen; the screens follow at once. */
    public void chooseLanguage(Locale language) {
        nav.languageProperty().set(language);
    }

    /** The customer touched the start screen: a new purchase in the chosen language. */
    public void begin() {
        if (nav.screen() == Screen.OUT_OF_ORDER || !health.readyProperty().get()) return;
        nav.endVisit();
        checkout.begin();
        programme.enter();
    }

    private marquee.kiosk.offlinesale.OfflineSaleViewModel offlineSale;
    private final javafx.beans.property.ReadOnlyBooleanWrapper offlineSaleAvailable = new javafx.beans.property.ReadOnlyBooleanWrapper(false);

    /** The out-of-order screen offers tickets from the seats set aside for an outage while that model says so. */
    public void offerOfflineSale(marquee.kiosk.offlinesale.OfflineSaleViewModel model) {
        this.offlineSale = model;
        offlineSaleAvailable.bind(model.availableProperty());
    }

    public ReadOnlyBooleanProperty offlineSaleAvailableProperty() { return offlineSaleAvailable.getReadOnlyProperty(); }

    public void openOfflineSale() {
        if (offlineSale != null) offlineSale.open();
    }

    public void openPickup() {
        pickup.open();
    }

    @Override
    public void back() {
        // The start screen is where "back" ends.
    }
}
