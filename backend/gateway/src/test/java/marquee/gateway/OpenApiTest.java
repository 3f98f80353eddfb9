package marquee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

/** The hand-maintained OpenAPI document lists exactly the routes the gateway serves. */
class OpenApiTest {

    @Test
    void everyRouteIsDocumentedAndNothingElse() throws Exception {
        Gateway gateway = new Gateway(Config.withOverrides(Map.of("marquee.gateway.backend", "localhost:1")));
        try {
            Struct.Builder doc = Struct.newBuilder();
            JsonFormat.parser().merge(gateway.openApi(), doc);
            assertThat(doc.getFieldsOrThrow("openapi").getStringValue()).startsWith("3.");
            Struct paths = doc.getFieldsOrThrow("paths").getStructValue();
            int operations = 0;
            for (Route route : gateway.routes()) {
                assertThat(paths.getFieldsMap()).as("documented: " + route.openApiPath()).containsKey(route.openApiPath());
                Struct item = paths.getFieldsOrThrow(route.openApiPath()).getStructValue();
                assertThat(item.getFieldsMap()).as(route.method() + " " + route.pattern()).containsKey(route.method().toLowerCase());
                Struct operation = item.getFieldsOrThrow(route.method().toLowerCase()).getStructValue();
                boolean open = operation.containsFields("security") && operation.getFieldsOrThrow("security").getListValue().getValuesCount() == 0;
                assertThat(open).as("security of " + route.method() + " " + route.pattern()).isEqualTo(route.open());
            }
            for (var item : paths.getFieldsMap().values()) operations += item.getStructValue().getFieldsCount();
            assertThat(operations).as("no undocumented extras").isEqualTo(gateway.routes().size());
        } finally {
            gateway.close();
        }
    }
}
