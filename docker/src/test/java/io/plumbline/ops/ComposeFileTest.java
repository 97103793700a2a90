package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docker/compose.yml: valid for docker-compose, and wired the way OPS.md describes. */
class ComposeFileTest {
    private static final Path COMPOSE = Repo.path("docker/compose.yml");

    @Test
    void passesDockerComposeConfig() {
        OpsTool.DOCKER_COMPOSE.run(Repo.ROOT, "-f", COMPOSE.toString(), "config", "-q").assertSuccess();
    }

    @Test
    void hasTheWholeStack() {
        Set<String> services = new TreeSet<>();
        services().fieldNames().forEachRemaining(services::add);
        assertTrue(services.containsAll(Set.of(
                "kafka", "serving", "monitor", "replay", "prometheus", "alertmanager", "grafana")), services.toString());
    }

    @Test
    void kafkaIsTheOfficialImageInKraftMode() {
        JsonNode kafka = services().path("kafka");
        assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), kafka.path("image").asText());
        assertEquals("broker,controller", kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText());
        assertTrue(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText().contains("PLAINTEXT://kafka:9092"));
    }

    @Test
    void servingAndMonitorTalkToKafkaAndExposeTheirPorts() {
        JsonNode serving = services().path("serving");
        assertEquals("kafka:9092", serving.path("environment").path("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS").asText());
        assertTrue(texts(serving.path("ports")).contains("8080:8080"));
        assertEquals("docker/serving.Dockerfile", serving.path("build").path("dockerfile").asText());

        JsonNode monitor = services().path("monitor");
        assertEquals(List.of("run"), texts(monitor.path("command")));
        // The monitor's own keys (monitor/MONITOR.md); serving's event keys would be ignored.
        assertEquals("kafka:9092", monitor.path("environment").path("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS").asText());
        assertTrue(monitor.path("environment").path("MICRONAUT_APPLICATION_JSON").asText().contains("\"webhooks\""));
        assertTrue(texts(monitor.path("ports")).contains("8082:8082"));
        assertEquals("docker/monitor.Dockerfile", monitor.path("build").path("dockerfile").asText());
    }

    @Test
    void replayPlaysTheDemoDataWithDrift() {
        JsonNode replay = services().path("replay");
        assertEquals(List.of("replay", "--url", "http://serving:8080", "--model", "weather",
                "--data", "/data/seattle-weather.csv", "--rate", "50", "--drift", "temp_max:8:500"),
                texts(replay.path("command")));
        assertEquals(services().path("monitor").path("image").asText(), replay.path("image").asText(),
                "replay runs the monitor image (plumbline-monitor.jar replay)");
        assertTrue(Files.isRegularFile(Repo.path("data/seattle-weather.csv")));
    }

    /** Every bind mount and build context points at something in the repository. */
    @Test
    void bindMountsAndBuildContextsExist() {
        Path base = COMPOSE.getParent();
        services().fields().forEachRemaining(e -> {
            for (String v : texts(e.getValue().path("volumes"))) {
                String source = v.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertTrue(Files.exists(base.resolve(source).normalize()), e.getKey() + ": missing " + source);
                }
            }
            JsonNode build = e.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = base.resolve(build.path("context").asText()).normalize();
                assertTrue(Files.isDirectory(context), e.getKey() + ": no build context " + context);
                assertTrue(Files.isRegularFile(context.resolve(build.path("dockerfile").asText())),
                        e.getKey() + ": no Dockerfile " + build.path("dockerfile").asText());
            }
        });
    }

    @Test
    void prometheusLoadsTheRulesAndGrafanaIsProvisioned() {
        assertTrue(texts(services().path("prometheus").path("volumes")).contains("./prometheus:/etc/prometheus:ro"));
        List<String> grafana = texts(services().path("grafana").path("volumes"));
        assertTrue(grafana.contains("../grafana/provisioning:/etc/grafana/provisioning:ro"), grafana.toString());
        String dashboardsMount = grafana.stream().filter(v -> v.startsWith("../grafana/dashboards:")).findFirst()
                .orElseThrow(() -> new AssertionError("dashboards not mounted: " + grafana));
        String target = dashboardsMount.split(":")[1];
        JsonNode provider = Repo.yaml(Repo.path("grafana/provisioning/dashboards/provider.yml")).path("providers").path(0);
        assertEquals(target, provider.path("options").path("path").asText(), "provider path vs compose mount");
    }

    private static JsonNode services() {
        return Repo.yaml(COMPOSE).path("services");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
