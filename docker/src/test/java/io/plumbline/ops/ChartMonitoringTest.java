package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart's monitoring side, read back from helm template: the drift monitor's replicas against the
 * partitions and its state directory; the PrometheusRule against the project's rules file; the
 * ServiceMonitors against the Services they select; the dashboards' ConfigMaps against grafana/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartMonitoringTest {
    private static final String FULL = "s3-tls-auth-monitor-values.yaml";

    private List<RenderedChart> renderings;

    @BeforeAll
    void render() {
        renderings = ChartRenderings.all();
    }

    /** Kafka Streams gives each partition to one instance: replicas past the partition count idle. */
    @TestFactory
    Stream<DynamicTest> monitorReplicas_neverExceedThePartitionsServingCreates() {
        return renderings.stream().map(chart -> DynamicTest.dynamicTest(chart.label(), () -> chart.find("StatefulSet", "monitor")
                .ifPresent(sts -> {
                    Map<String, String> servingEnv = RenderedChart.env(
                            RenderedChart.container(chart.one("Deployment", "serving"), "serving"));
                    int partitions = Integer.parseInt(servingEnv.get("PLUMBLINE_EVENTS_KAFKA_PARTITIONS"));
                    int replicas = sts.path("spec").path("replicas").asInt();
                    if (partitions > 0) {
                        assertTrue(replicas <= partitions, chart + ": " + replicas + " monitor replicas for " + partitions
                                + " partitions");
                    }
                    Map<String, String> env = RenderedChart.env(RenderedChart.container(sts, "monitor"));
                    assertEquals(servingEnv.get("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS"),
                            env.get("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS"), chart + ": both read one Kafka");
                })));
    }

    @Test
    void sixPartitions_getSixMonitorsWithPersistentStateWhereTheStateDirPoints() {
        RenderedChart chart = ChartRenderings.ci(FULL);
        JsonNode sts = chart.one("StatefulSet", "monitor");
        assertEquals(6, sts.path("spec").path("replicas").asInt());
        JsonNode c = RenderedChart.container(sts, "monitor");
        assertEquals("[\"run\"]", c.path("args").toString(), "the image's `run` command");
        String stateDir = RenderedChart.env(c).get("PLUMBLINE_MONITOR_KAFKA_STATE_DIR");
        JsonNode mount = null;
        for (JsonNode m : c.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(stateDir)) {
                mount = m;
            }
        }
        assertTrue(mount != null, "nothing mounted at the state dir " + stateDir);
        JsonNode claims = sts.path("spec").path("volumeClaimTemplates");
        assertEquals(1, claims.size());
        assertEquals(mount.path("name").asText(), claims.get(0).path("metadata").path("name").asText(),
                "the state dir is the StatefulSet's claim");
        assertEquals("2Gi", claims.get(0).path("spec").path("resources").path("requests").path("storage").asText());
    }

    @Test
    void withoutKafka_noMonitorIsDeployed() {
        RenderedChart chart = ChartRenderings.ci("default-values.yaml");
        assertTrue(chart.all("StatefulSet").isEmpty(), "the embedded monitor needs no StatefulSet");
        assertFalse(RenderedChart.env(RenderedChart.container(chart.one("Deployment", "serving"), "serving"))
                .containsKey("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS"));
    }

    /** The PrometheusRule's groups are the rules promtool checks in docker/, unchanged. */
    @Test
    void prometheusRule_holdsExactlyTheProjectsRulesFile() {
        JsonNode rule = ChartRenderings.ci(FULL).one("PrometheusRule", "alerts");
        JsonNode project = Repo.yaml(Repo.path("docker/prometheus/rules/plumbline.rules.yml"));
        JsonNode groups = project.path("groups");
        JsonNode rendered = rule.path("spec").path("groups");
        assertTrue(groups.size() > 0);
        assertEquals(groups.size(), rendered.size(), "rule groups");
        // Rule by rule, so a difference names the alert instead of printing the whole file twice.
        for (int g = 0; g < groups.size(); g++) {
            assertEquals(groups.get(g).path("name"), rendered.get(g).path("name"));
            JsonNode rules = groups.get(g).path("rules");
            assertEquals(rules.size(), rendered.get(g).path("rules").size(), "rules of " + groups.get(g).path("name"));
            for (int r = 0; r < rules.size(); r++) {
                assertEquals(rules.get(r), rendered.get(g).path("rules").get(r), "rule " + rules.get(r).path("alert"));
            }
        }
        assertEquals(groups, rendered);
        assertEquals("kube-prometheus-stack", rule.path("metadata").path("labels").path("release").asText());
    }

    @TestFactory
    Stream<DynamicTest> serviceMonitors_scrapePrometheusOnAPortOfTheServiceTheySelect() {
        return renderings.stream().map(chart -> DynamicTest.dynamicTest(chart.label(), () -> {
            for (JsonNode sm : chart.all("ServiceMonitor")) {
                JsonNode service = selectedService(chart, sm.path("spec").path("selector").path("matchLabels"));
                for (JsonNode endpoint : sm.path("spec").path("endpoints")) {
                    assertEquals("/prometheus", endpoint.path("path").asText(), chart + " " + sm.path("metadata").path("name"));
                    String port = endpoint.path("port").asText();
                    assertTrue(service.path("spec").path("ports").findValuesAsText("name").contains(port),
                            chart + ": " + service.path("metadata").path("name") + " has no port " + port);
                }
            }
        }));
    }

    @Test
    void serviceMonitors_coverServingAndTheMonitorAndScrapeHttpsUnderTls() {
        RenderedChart chart = ChartRenderings.ci(FULL);
        assertEquals("https", chart.one("ServiceMonitor", "serving").path("spec").path("endpoints").get(0)
                .path("scheme").asText());
        assertEquals("", chart.one("ServiceMonitor", "monitor").path("spec").path("endpoints").get(0)
                .path("scheme").asText(), "the monitor has no TLS");
    }

    @Test
    void dashboardConfigMaps_holdEveryDashboardForGrafanasSidecar() {
        RenderedChart chart = ChartRenderings.ci(FULL);
        List<JsonNode> maps = chart.all("ConfigMap");
        List<Path> dashboards = Repo.files("grafana/dashboards", ".json");
        assertEquals(dashboards.size(), maps.size());
        for (Path d : dashboards) {
            String file = d.getFileName().toString();
            JsonNode map = maps.stream().filter(m -> m.path("data").has(file)).findFirst()
                    .orElseGet(() -> fail("no ConfigMap holds " + file));
            assertEquals(Repo.read("grafana/dashboards/" + file), map.path("data").path(file).asText(), file);
            assertEquals("1", map.path("metadata").path("labels").path("grafana_dashboard").asText(), file);
            assertEquals("Plumbline", map.path("metadata").path("annotations").path("grafana_folder").asText(), file);
        }
    }

    private static JsonNode selectedService(RenderedChart chart, JsonNode matchLabels) {
        List<JsonNode> selected = chart.all("Service").stream().filter(s -> {
            JsonNode labels = s.path("metadata").path("labels");
            for (var it = matchLabels.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertEquals(1, selected.size(), chart + ": Services selected by " + matchLabels);
        return selected.get(0);
    }
}
