package marquee.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import marquee.platform.auth.ServiceSecret;
import marquee.platform.config.Config;
import org.junit.jupiter.api.Test;

/** Processes of one installation started together must all end up with the same generated secret. */
class ServiceSecretTest {
    @Test
    void everyoneStartingAtOnceGetsTheSameSecret() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path dataDir = Files.createTempDirectory("marquee-secret");
            Config config = Config.withOverrides(Map.of("marquee.data.dir", dataDir.toString()));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> secrets = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                secrets.add(pool.submit(() -> {
                    go.await();
                    return ServiceSecret.load(config, "payments");
                }));
            }
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> secret : secrets) distinct.add(secret.get());
            pool.shutdown();
            assertThat(distinct).as("round " + round).hasSize(1);
            assertThat(ServiceSecret.load(config, "payments")).isEqualTo(distinct.iterator().next());
            try (var files = Files.list(config.keysDir())) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no temp files left").containsExactly("service-secret-payments");
            }
        }
    }
}
