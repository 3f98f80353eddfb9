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
        SERVICES.put("notifications", 9097);
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
            // The service port is mutual TLS; kubelet's gRPC probes speak no TLS, so they use the health-only port.
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(get(c, probe, "grpc").get("port")).as(name + " " + probe).isEqualTo(port + 100);
            }
            assertThat(list(c.get("env"))).anySatisfy(e -> assertThat(map(e)).containsEntry("name", "MARQUEE_HEALTH_PORT")
                    .containsEntry("value", String.valueOf(port + 100)));
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
        List<String> keyNames = new ArrayList<>(List.of("jwt-signing.key", "jwt-signing.pub", "tickets-qr.key", "tickets-qr.pub",
                "first-manager-password"));
        SERVICES.keySet().forEach(name -> keyNames.add("service-secret-" + name));
        assertThat(get(resource("Secret", "marquee-keys"), "stringData")).containsOnlyKeys(keyNames.toArray(String[]::new));
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
                    .containsEntry("MARQUEE_" + s + "_DB_PASSWORD_FILE", "/var/lib/marquee/keys/db-password")
                    .doesNotContainKey("MARQUEE_" + s + "_DB_PASSWORD")
                    .containsEntry("MARQUEE_" + s + "_DB_URL", "jdbc:postgresql://postgres:5432/marquee_" + name)
                    .containsEntry("MARQUEE_" + s + "_DB_USER", "marquee_" + name);
            assertThat(init).contains("CREATE DATABASE marquee_" + name + " ", "CREATE ROLE marquee_" + name + " ");
            assertThat(get(services, "gateway", "environment"))
                    .containsEntry("MARQUEE_" + s + "_ADDRESS", name + ":" + port);
            assertThat(list(get(service, "healthcheck").get("test")).toString()).contains("/dev/tcp/localhost/" + port);
            assertThat(get(service, "depends_on")).containsKey("postgres");
        });
        // Plain HTTP only on the host's loopback: HTTPS is the reverse proxy's (docs/operations.md).
        assertThat(list(get(services, "gateway").get("ports"))).containsExactly("127.0.0.1:3000:3000");
        assertThat(list(get(services, "gateway").get("command"))).containsExactly("gateway");
        assertThat(get(compose, "volumes")).containsKeys("pgdata").doesNotContainKey("keys");
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
                "marquee_reservations_holds_placed_total", "marquee_reservations_checkouts_total",
                "marquee_events_consumer_lag", "marquee_events_outbox_oldest_seconds",
                "marquee_device_oldest_unsynced_age_seconds", "marquee_door_duplicate_admissions_total",
                "marquee_door_admissions_after_revocation_total", "marquee_offline_sale_conflicts_total",
                "marquee_device_allocated_seats");
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

    // ---- the production checklist (docs/operations.md) as the deployment files follow it ----

    static final List<String> COMPONENTS = List.of("users", "movies", "theaters", "reservations", "payments", "tickets",
            "notifications", "gateway");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> secretItems(String deployment, String volume) {
        List<Object> volumes = list(get(resource("Deployment", deployment), "spec", "template", "spec").get("volumes"));
        Map<String, Object> found = volumes.stream().map(DeploymentFilesTest::map).filter(v -> volume.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError(deployment + " has no volume " + volume));
        return list(get(found, "secret").get("items")).stream().map(i -> (Map<String, Object>) i).toList();
    }

    @Test
    void kubernetesRunsWithoutDemoWithMutualTlsAndASecretPerService() {
        Map<String, Object> config = get(resource("ConfigMap", "marquee-config"), "data");
        assertThat(config).containsEntry("MARQUEE_DEMO_DATA", "false").containsEntry("MARQUEE_TLS_CLIENT_AUTH", "require")
                .containsEntry("MARQUEE_TLS_CERT", "/var/lib/marquee/tls/tls.pem")
                .containsEntry("MARQUEE_TLS_KEY", "/var/lib/marquee/tls/tls.key")
                .containsEntry("MARQUEE_TLS_CA", "/var/lib/marquee/tls/ca.pem");
        for (String component : COMPONENTS) {
            assertThat(secretItems(component, "tls")).extracting(i -> i.get("key") + "->" + i.get("path"))
                    .containsExactlyInAnyOrder(component + ".pem->tls.pem", component + ".key->tls.key", "ca.pem->ca.pem");
            List<Object> keys = secretItems(component, "keys").stream().map(i -> i.get("key")).map(Object.class::cast).toList();
            switch (component) {
                case "gateway" -> assertThat(keys).as("the gateway gets the public key only").containsExactly("jwt-signing.pub");
                case "users" -> {
                    List<String> expected = new ArrayList<>(List.of("jwt-signing.key", "jwt-signing.pub"));
                    SERVICES.keySet().forEach(name -> expected.add("service-secret-" + name));
                    assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
                }
                default -> {
                    assertThat(keys).contains("jwt-signing.pub", "service-secret-" + component)
                            .doesNotContain("jwt-signing.key")
                            .allSatisfy(k -> assertThat(k.toString()).satisfiesAnyOf(
                                    v -> assertThat(v).doesNotStartWith("service-secret-"),
                                    v -> assertThat(v).isEqualTo("service-secret-" + component)));
                    if (!component.equals("tickets")) assertThat(keys).doesNotContain("tickets-qr.key");
                }
            }
        }
        // Every secret value in the repository is a placeholder the services refuse at start.
        for (String secret : List.of("marquee-keys", "marquee-tls", "marquee-db")) {
            get(resource("Secret", secret), "stringData").forEach((key, value) ->
                    assertThat(marquee.platform.config.Placeholders.isPlaceholder(String.valueOf(value))).as(secret + "/" + key).isTrue());
        }
        Map<String, Object> ingress = resource("Ingress", "gateway");
        assertThat(list(get(ingress, "spec").get("tls"))).isNotEmpty();
    }

    @Test
    void composeRunsWithoutDemoWithMutualTlsAndEachContainerGetsOnlyItsOwnSecrets() throws IOException {
        Map<String, Object> services = get(compose, "services");
        for (String component : COMPONENTS) {
            Map<String, Object> env = get(services, component, "environment");
            assertThat(String.valueOf(env.get("MARQUEE_DEMO_DATA"))).as(component).isIn("false", "${MARQUEE_DEMO_DATA:-false}");
            assertThat(env).containsEntry("MARQUEE_TLS_CLIENT_AUTH", "require")
                    .containsEntry("MARQUEE_TLS_CERT", "/var/lib/marquee/keys/tls.pem")
                    .containsEntry("MARQUEE_TLS_CA", "/var/lib/marquee/keys/ca.pem");
            assertThat(list(get(services, component).get("volumes")))
                    .containsExactly("./deploy/secrets/" + component + ":/var/lib/marquee/keys:ro");
        }
        // No password in the compose file: PostgreSQL and the services read the generated ones from files.
        String composeText = Files.readString(root.resolve("docker-compose.yml"));
        assertThat(composeText).doesNotContain("dev-password").doesNotContain("POSTGRES_PASSWORD:");
        assertThat(Files.readString(root.resolve("deploy/postgres/init-databases.sql"))).doesNotContain("dev-password");
        assertThat(Files.readString(root.resolve("deploy/kubernetes/postgres.yaml")))
                .contains(Files.readString(root.resolve("deploy/postgres/init-databases.sh")).lines()
                        .filter(l -> l.startsWith("psql") || l.startsWith("CREATE")).toList().toArray(String[]::new));
    }

    /**
     * scripts/make-secrets.sh gives each component exactly what the checklist says, and a service
     * started from its directory serves mutual TLS with those files.
     */
    @Test
    void makeSecretsGivesEachComponentOnlyWhatItNeeds() throws Exception {
        Path dir = Files.createTempDirectory("marquee-secrets").resolve("secrets");
        Process process = new ProcessBuilder("bash", root.resolve("scripts/make-secrets.sh").toString(), "--dir", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        try (Stream<Path> files = Files.list(dir.resolve("gateway"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("ca.pem", "tls.pem", "tls.key",
                    "jwt-signing.pub");
        }
        try (Stream<Path> files = Files.list(dir.resolve("payments"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("ca.pem", "tls.pem", "tls.key",
                    "jwt-signing.pub", "service-secret-payments", "db-password");
        }
        assertThat(dir.resolve("users/jwt-signing.key")).exists();
        assertThat(Files.readString(dir.resolve("users/first-manager-password")).strip()).hasSizeGreaterThan(40);
        assertThat(dir.resolve("tickets/tickets-qr.key")).exists();
        assertThat(Files.readString(dir.resolve("payments/service-secret-payments")))
                .isNotEqualTo(Files.readString(dir.resolve("tickets/service-secret-tickets")));

        // The users service from its own directory, as the compose file mounts it, and the gateway's certificate as client.
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "marquee.keys.dir", dir.resolve("users").toString(),
                "marquee.data.dir", Files.createTempDirectory("marquee-secrets-data").toString(),
                "marquee.db.url", marquee.platform.testing.TestPostgres.newDatabase(), "marquee.db.user", "postgres",
                "marquee.port", "0", "marquee.metrics.port", "-1", "marquee.demo.data", "false",
                "marquee.tls.cert", dir.resolve("users/tls.pem").toString(), "marquee.tls.key", dir.resolve("users/tls.key").toString(),
                "marquee.tls.ca", dir.resolve("users/ca.pem").toString()));
        settings.put("marquee.tls.client.auth", "require");
        var users = marquee.platform.BackendRuntime.start(marquee.platform.config.Config.withOverrides(settings),
                marquee.platform.ServiceModules.load(List.of("users")), 0, marquee.platform.BackendRuntime.StartupListener.NONE);
        var gatewayClient = marquee.platform.config.Config.withOverrides(Map.of(
                "marquee.tls.cert", dir.resolve("gateway/tls.pem").toString(), "marquee.tls.key", dir.resolve("gateway/tls.key").toString(),
                "marquee.tls.ca", dir.resolve("gateway/ca.pem").toString()));
        var channel = marquee.platform.grpc.Channels.build(gatewayClient, "localhost:" + users.port());
        try {
            var key = marquee.users.v1.UsersServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSigningKey(marquee.users.v1.GetSigningKeyRequest.getDefaultInstance());
            assertThat(key.getPublicKeyBase64()).isEqualTo(Files.readString(dir.resolve("gateway/jwt-signing.pub")).strip());
        } finally {
            channel.shutdownNow();
            users.close();
        }
    }
}
