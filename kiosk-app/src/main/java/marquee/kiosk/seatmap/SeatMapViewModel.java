package marquee.kiosk.seatmap;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The seat map of one showtime as the screen needs it: the chosen seats, a message when a
 * choice could not be made or was lost to someone else, and the legend with prices. Call it on
 * the JavaFX thread; the backend client converts its seat events to {@link #applyChange}.
 */
public final class SeatMapViewModel {
    /** One line of the legend: a seat category, its name and its price as the shop shows it. */
    public record LegendEntry(SeatCategory category, String name, String price) {
    }

    private final SeatMapModel model;
    private ResourceBundle text;
    private final ObservableList<String> selectedSeats = FXCollections.observableArrayList();
    private final ObservableList<String> selectedSeatsView = FXCollections.unmodifiableObservableList(selectedSeats);
    private final ObservableList<LegendEntry> legend = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final List<Consumer<Set<String>>> seatListeners = new CopyOnWriteArrayList<>();

    public SeatMapViewModel(HallLayout layout, int maxSeats, ResourceBundle text) {
        this.model = new SeatMapModel(layout, maxSeats);
        this.text = text;
        setPrices(Map.of());
    }

    /** The most seats one order may have at this cinema. */
    public int maxSeats() {
        return model.maxSeats();
    }

    /** The seats chosen so far, in the order chosen (sofa halves side by side). */
    public ObservableList<String> selectedSeats() {
        return selectedSeatsView;
    }

    /** What the customer should know right now, e.g. that a chosen seat was taken; empty if nothing. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<LegendEntry> legend() {
        return legend;
    }

    /** Prices per category as display strings (formatted by whoever knows the currency). */
    public void setPrices(Map<SeatCategory, String> prices) {
        Set<SeatCategory> present = EnumSet.noneOf(SeatCategory.class);
        model.seats().forEach(s -> present.add(s.category()));
        List<LegendEntry> entries = new ArrayList<>();
        for (SeatCategory c : present) {
            entries.add(new LegendEntry(c, text.getString("seatmap.category." + c.name()), prices.getOrDefault(c, "")));
        }
        legend.setAll(entries);
    }

    /**
     * The customer switched language: the legend (and what the map says from now on) follows.
     * {@code prices} are the same prices formatted for the new language.
     */
    public void setLanguage(ResourceBundle newText, Map<SeatCategory, String> newPrices) {
        this.text = newText;
        message.set("");
        setPrices(newPrices);
    }

    /** A tap on a seat: choose it (with its sofa partner) or let it go. */
    public SeatMapModel.ToggleResult toggle(String seatId) {
        List<String> group = model.seat(seatId).isPresent() ? model.group(seatId) : List.of();
        SeatMapModel.ToggleResult result = model.toggle(seatId);
        switch (result) {
            case SELECTED, DESELECTED -> message.set("");
            case LIMIT_REACHED -> message.set(format("seatmap.limit", model.maxSeats()));
            case NOT_AVAILABLE -> message.set(format("seatmap.unavailable", seatId));
            case UNKNOWN_SEAT -> { }
        }
        if (result == SeatMapModel.ToggleResult.SELECTED || result == SeatMapModel.ToggleResult.DESELECTED) {
            selectedSeats.setAll(model.selection());
            fireSeatsChanged(group);
        }
        return result;
    }

    /** A live seat state from reservations; a chosen seat taken by someone else leaves the selection. */
    public SeatMapModel.Change applyChange(String seatId, SeatStatus status) {
        SeatMapModel.Change change = model.applyChange(seatId, status);
        if (model.seat(seatId).isEmpty()) {
            return change;
        }
        Set<String> changed = new LinkedHashSet<>(model.group(seatId));
        if (change.conflict()) {
            changed.addAll(change.removedFromSelection());
            selectedSeats.setAll(model.selection());
            message.set(format("seatmap.conflict", String.join(", ", change.removedFromSelection())));
        }
        fireSeatsChanged(changed);
        return change;
    }

    /**
     * Seat states for the whole hall, e.g. the first message of the seat stream or after a
     * reconnect: seats missing from the map are free.
     */
    public void applyStates(Map<String, SeatStatus> snapshot) {
        List<SeatMapModel.Change> changes = model.replaceStates(snapshot);
        Set<String> changed = new LinkedHashSet<>();
        Set<String> lost = new LinkedHashSet<>();
        for (SeatMapModel.Change c : changes) {
            changed.addAll(model.group(c.seatId()));
            lost.addAll(c.removedFromSelection());
        }
        if (!lost.isEmpty()) {
            changed.addAll(lost);
            selectedSeats.setAll(model.selection());
            message.set(format("seatmap.conflict", String.join(", ", lost)));
        }
        fireSeatsChanged(changed);
    }

    /** The seats this kiosk now holds for the customer (empty after release); see {@link SeatMapModel#setOwnHold}. */
    public void setOwnHold(Collection<String> seatIds) {
        model.setOwnHold(seatIds);
    }

    /** Replaces the selection with these seats (e.g. the best seats the backend suggested). */
    public void choose(List<String> seatIds) {
        clearSelection();
        for (String id : seatIds) {
            if (!model.isSelected(id)) toggle(id);
        }
    }

    /** Shows a message about the seats, e.g. that the backend refused some of them. */
    public void say(String text) {
        message.set(text == null ? "" : text);
    }

    public void clearSelection() {
        List<String> was = model.selection();
        model.clearSelection();
        selectedSeats.clear();
        message.set("");
        fireSeatsChanged(was);
    }

    /** Lets the view redraw only the seats whose look changed. */
    public void onSeatsChanged(Consumer<Set<String>> listener) {
        seatListeners.add(listener);
    }

    /** Read-only access to geometry and states for the view that draws them. */
    SeatMapModel model() {
        return model;
    }

    ResourceBundle text() {
        return text;
    }

    private void fireSeatsChanged(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Set<String> copy = Set.copyOf(ids);
        seatListeners.forEach(l -> l.accept(copy));
    }

    private String format(String key, Object... args) {
        return new MessageFormat(text.getString(key), text.getLocale()).format(args);
    }
}
