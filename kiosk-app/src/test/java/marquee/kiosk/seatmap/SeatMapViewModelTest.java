package marquee.kiosk.seatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeatMapViewModelTest {
    private final ResourceBundle english = ResourceBundle.getBundle("marquee.kiosk.seatmap.seatmap", Locale.ROOT);
    private final SeatMapViewModel viewModel = new SeatMapViewModel(Halls.small(), 2, english);

    @Test
    void aSeatTakenBySomeoneElseIsExplainedInPlainWords() {
        viewModel.toggle("B6");
        List<Set<String>> redrawn = new ArrayList<>();
        viewModel.onSeatsChanged(redrawn::add);
        viewModel.applyChange("B6", SeatStatus.SOLD);
        assertThat(viewModel.selectedSeats()).isEmpty();
        assertThat(viewModel.messageProperty().get()).contains("B6").contains("someone else");
        assertThat(redrawn).containsExactly(Set.of("B6"));
    }

    @Test
    void theLimitIsExplainedAndChoosingAgainClearsTheMessage() {
        viewModel.toggle("B1");
        viewModel.toggle("B2");
        viewModel.toggle("B3");
        assertThat(viewModel.messageProperty().get()).contains("2");
        viewModel.toggle("B2");
        assertThat(viewModel.messageProperty().get()).isEmpty();
        assertThat(viewModel.selectedSeats()).containsExactly("B1");
    }

    @Test
    void theLegendListsTheCategoriesOfThisHallWithTheirPrices() {
        viewModel.setPrices(Map.of(SeatCategory.STANDARD, "€ 11.50", SeatCategory.COUPLE, "€ 26.00"));
        assertThat(viewModel.legend()).extracting(SeatMapViewModel.LegendEntry::category)
                .containsExactly(SeatCategory.STANDARD, SeatCategory.WHEELCHAIR, SeatCategory.COMPANION, SeatCategory.COUPLE);
        assertThat(viewModel.legend().get(0).price()).isEqualTo("€ 11.50");
        assertThat(viewModel.legend().get(1).name()).isEqualTo("Wheelchair space");
    }

    @Test
    void germanTextIsComplete() throws Exception {
        Properties german = new Properties();
        try (var in = getClass().getResourceAsStream("/marquee/kiosk/seatmap/seatmap_de.properties")) {
            german.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(german.stringPropertyNames()).containsAll(english.keySet());
        assertThat(german.getProperty("seatmap.category.COUPLE")).isEqualTo("Sofa für zwei");
    }
}
