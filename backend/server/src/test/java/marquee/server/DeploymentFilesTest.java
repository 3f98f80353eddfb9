package marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the deployment files (docker-compose.yml, deploy/kubernetes) against the services'
 * ports and settings, so a renamed service or a changed port cannot silently break them.
 */
class DeploymentFilesTest {

    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("users", 9091);
        SERVICES.put("movies", 9092);
        SERVICES.put("theaters", 9093);
        SERVICES.put("reservations", 9094);
        SERVICES.put("payments", 9095);
        SERVICES.put("tickets", 9096);
    }

    static Path root;
    static List<Map<String, Object>> k8s;
    static Map<String, Object> compose;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) dir = dir.getParent();
        assertThat(dir).as("repository root with docker-compose.yml").isNotNull();
        root = dir;
        k8s = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("deploy/kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object doc : yaml().loadAll(reader)) {
                        if (doc != null) k8s.add(map(doc));
                    }
                }
            }
        }
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            compose = map(yaml().load(reader));
        }
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static Map<String, Object> get(Map<String, Object> m, String... path) {
        Map<String, Object> current = m;
        for (String key : path) {
            assertThat(current).as("key " + key).containsKey(key);
            current = map(current.get(key));
        }
        return current;
    }

    static Map<String, Object> resource(String kind, String name) {
        return k8s.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(get(d, "metadata").get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/kubernetes"));
    }

    static Map<String, Object> container(String name) {
        Map<String, Object> deployment = resource("Deployment", name);
        List<Object> containers = list(get(deployment, "spec", "template", "spec").get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    @Test
    void everyServiceHasDeploymentServicesGrpcProbesAndAutoscaler() {
        SERVICES.forEach((name, port) -> {
            Map<String, Object> deployment = resource("Deployment", name);
            assertThat(get(deployment, "spec").get("replicas")).isEqualTo(2);
            Map<String, Object> c = container(name);
            assertThat(list(c.get("args"))).containsExactly(name);
            assertThat(map(list(c.get("ports")).get(0)).get("containerPort")).isEqualTo(port);
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                assertThat(get(c, probe, "grpc").get("port")).as(name + " " + probe).isEqualTo(port);
            }
            assertThat(get(c, "resources", "requests")).containsKeys("cpu", "memory");
            assertThat(get(c, "resources", "limits")).containsKeys("cpu", "memory");
            assertThat(list(c.get("env")))
                    .anySatisfy(e -> assertThat(map(e)).containsEntry("name", "MARQUEE_PORT")
                            .containsEntry("value", String.valueOf(port)));

            Map<String, Object> service = resource("Service", name);
            assertThat(get(service, "spec").get("type")).isEqualTo("ClusterIP");
            assertThat(map(list(get(service, "spec").get("ports")).get(0)).get("port")).isEqualTo(port);
            Map<String, Object> headless = resource("Service", name + "-headless");
            assertThat(get(headless, "spec").get("clusterIP")).isEqualTo("None");
            assertThat(map(list(get(headless, "spec").get("ports")).get(0)).get("port")).isEqualTo(port);

            assertAutoscaled(name);
        });
    }

    @Test
    void gatewayHasDeploymentServiceHttpProbesAndAutoscaler() {
        Map<String, Object> c = container("gateway");
        assertThat(list(c.get("args"))).containsExactly("gateway");
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(get(c, probe, "httpGet").get("port")).isEqualTo(3000);
        }
        assertThat(map(list(get(resource("Service", "gateway"), "spec").get("ports")).get(0)).get("port"))
                .isEqualTo(3000);
        assertAutoscaled("gateway");
    }

    static void assertAutoscaled(String name) {
        Map<String, Object> hpa = resource("HorizontalPodAutoscaler", name);
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(get(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", name);
        assertThat(list(get(hpa, "spec").get("metrics")))
                .anySatisfy(m -> assertThat(get(map(m), "resource")).containsEntry("name", "cpu"));
    }

    @Test
    void secretsConfigAndPostgres() {
        assertThat(get(resource("Secret", "marquee-keys"), "stringData")).containsOnlyKeys(
                "jwt-signing.key", "jwt-signing.pub", "service-secret", "tickets-qr.key", "tickets-qr.pub");
        Map<String, Object> config = get(resource("ConfigMap", "marquee-config"), "data");
        SERVICES.forEach((name, port) -> {
            String s = name.toUpperCase();
            assertThat(config).containsEntry("MARQUEE_" + s + "_ADDRESS", "dns:///" + name + "-headless:" + port)
                    .containsEntry("MARQUEE_" + s + "_DB_URL", "jdbc:postgresql://postgres:5432/marquee_" + name);
            assertThat(get(resource("Secret", "marquee-db"), "stringData")).containsKey(name + "-password");
        });
        Map<String, Object> postgres = resource("StatefulSet", "postgres");
        assertThat(list(get(postgres, "spec").get("volumeClaimTemplates"))).hasSize(1);
        List<Object> resources = list(yamlFile("deploy/kubernetes/kustomization.yaml").get("resources"));
        try (Stream<Path> files = Files.list(root.resolve("deploy/kubernetes"))) {
            assertThat(resources).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Object> yamlFile(String relative) {
        try (Reader reader = Files.newBufferedReader(root.resolve(relative))) {
            return map(yaml().load(reader));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void composeDefinesPostgresTheSixServicesAndTheGateway() throws IOException {
        Map<String, Object> services = get(compose, "services");
        assertThat(services).containsKeys("postgres", "gateway");
        assertThat(get(services, "postgres").get("image").toString()).startsWith("postgres:17");
        String init = Files.readString(root.resolve("deploy/postgres/init-databases.sql"));
        SERVICES.forEach((name, port) -> {
            Map<String, Object> service = get(services, name);
            assertThat(list(service.get("command"))).containsExactly(name);
            Map<String, Object> env = get(service, "environment");
            String s = name.toUpperCase();
            assertThat(env).containsEntry("MARQUEE_PORT", String.valueOf(port))
                    .containsEntry("MARQUEE_" + s + "_DB_URL", "jdbc:postgresql://postgres:5432/marquee_" + name)
                    .containsEntry("MARQUEE_" + s + "_DB_USER", "marquee_" + name);
            assertThat(init).contains("CREATE DATABASE marquee_" + name + " ", "CREATE ROLE marquee_" + name + " ");
            assertThat(get(services, "gateway", "environment"))
                    .containsEntry("MARQUEE_" + s + "_ADDRESS", name + ":" + port);
            assertThat(list(get(service, "healthcheck").get("test")).toString()).contains("/dev/tcp/localhost/" + port);
            assertThat(get(service, "depends_on")).containsKey("postgres");
        });
        assertThat(list(get(services, "gateway").get("ports"))).contains("3000:3000");
        assertThat(list(get(services, "gateway").get("command"))).containsExactly("gateway");
        assertThat(get(compose, "volumes")).containsKeys("pgdata", "keys");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean available = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "docker-compose")));
        Assumptions.assumeTrue(available, "docker-compose is not on the PATH");
        Process process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
    /** The alert rules of docs/operations.md: well-formed, and every metric they use is one Marquee exports. */
    @Test
    @SuppressWarnings("unchecked")
    void prometheusAlertRulesAreCompleteAndUseRealMetrics() {
        Map<String, Object> rules = yamlFile("deploy/prometheus/marquee-alerts.yml");
        List<String> names = new ArrayList<>();
        List<String> exported = List.of("marquee_devices_stale", "marquee_printers", "marquee_devices", "up",
                "marquee_grpc_server_seconds_count", "marquee_grpc_server_seconds_bucket", "hikaricp_connections_pending",
                "marquee_payments_charges_total", "marquee_reservations_holds_expired_total",
                "marquee_reservations_holds_placed_total", "marquee_reservations_checkouts_total");
        for (Object group : (List<Object>) rules.get("groups")) {
            for (Object item : (List<Object>) map(group).get("rules")) {
                Map<String, Object> rule = map(item);
                assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
                assertThat(map(rule.get("labels")).get("severity")).isIn("warning", "critical");
                String expr = String.valueOf(rule.get("expr"));
                var metric = java.util.regex.Pattern.compile("\\b(marquee_[a-z_]+|hikaricp_[a-z_]+|up)\\s*[{\\[)]").matcher(expr);
                boolean any = false;
                while (metric.find()) {
                    any = true;
                    assertThat(exported).as(rule.get("alert") + " uses " + metric.group(1)).contains(metric.group(1));
                }
                assertThat(any).as("a metric in " + rule.get("alert")).isTrue();
                names.add(String.valueOf(rule.get("alert")));
            }
        }
        assertThat(names).contains("MarqueeDeviceStale", "MarqueePrinterPaperOut", "MarqueeRpcErrorRate", "MarqueeHoldLatencyP99",
                "MarqueePaymentFailureRatio", "MarqueeDbPoolSaturated", "MarqueeProcessDown").doesNotHaveDuplicates();
    }
}
