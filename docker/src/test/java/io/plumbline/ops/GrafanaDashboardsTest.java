package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * grafana/: the dashboards are valid Grafana JSON (schemaVersion, unique panel ids, data source
 * by the ${datasource} variable), every PromQL expression parses (promtool) and selects only
 * metrics the services expose; provisioning matches the compose stack.
 */
class GrafanaDashboardsTest {
    private static final String DATASOURCE_VAR = "${datasource}";

    @Test
    void bothDashboardsExist() {
        Set<String> titles = new TreeSet<>();
        dashboards().forEach(d -> titles.add(Repo.json(d).path("title").asText()));
        assertEquals(Set.of("Plumbline / Drift", "Plumbline / Serving"), titles);
    }

    @TestFactory
    Stream<DynamicTest> dashboardsAreValid() {
        return dashboards().stream().flatMap(file -> {
            String n = file.getFileName().toString();
            return Stream.of(
                    DynamicTest.dynamicTest(n + ": structure", () -> structure(file)),
                    DynamicTest.dynamicTest(n + ": data source by variable", () -> datasources(file)),
                    DynamicTest.dynamicTest(n + ": template variables", () -> variables(file)),
                    DynamicTest.dynamicTest(n + ": metric names", () -> metricNames(file)));
        });
    }

    /** All queries of both dashboards, with Grafana variables substituted, parse as PromQL. */
    @Test
    void everyQueryParses(@TempDir Path dir) throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int i = 0;
        for (Path file : dashboards()) {
            for (Map.Entry<String, String> q : queries(Repo.json(file)).entrySet()) {
                String expr = PromQl.withoutGrafanaVariables(q.getValue());
                rules.append("      # ").append(file.getFileName()).append(": ").append(q.getKey().replace('\n', ' ')).append('\n')
                        .append("      - record: dashboard:query:").append(i++).append('\n')
                        .append("        expr: ").append(Repo.JSON.writeValueAsString(expr)).append('\n');
            }
        }
        assertTrue(i > 20, "suspiciously few queries: " + i);
        Path f = dir.resolve("dashboards.rules.yml");
        Files.writeString(f, rules, StandardCharsets.UTF_8);
        OpsTool.Result r = OpsTool.PROMTOOL.run(dir, "check", "rules", f.toString());
        assertEquals(0, r.exitCode(), () -> r.output() + "\nThe queries (record name = position):\n" + rules);
    }

    @Test
    void psiPanelDrawsTheModerateAndSignificantLevels() {
        JsonNode drift = Repo.json(Repo.path("grafana/dashboards/plumbline-drift.json"));
        JsonNode psi = panels(drift).stream().filter(p -> p.path("title").asText().startsWith("PSI per feature"))
                .findFirst().orElseThrow(() -> new AssertionError("no PSI panel"));
        JsonNode defaults = psi.path("fieldConfig").path("defaults");
        Set<Double> levels = new HashSet<>();
        defaults.path("thresholds").path("steps").forEach(s -> {
            if (s.path("value").isNumber()) {
                levels.add(s.path("value").asDouble());
            }
        });
        assertEquals(Set.of(0.1, 0.25), levels);
        assertTrue(defaults.path("custom").path("thresholdsStyle").path("mode").asText().startsWith("line"));
        assertTrue(psi.path("targets").path(0).path("expr").asText().contains("method=\"psi\""));
    }

    @Test
    void driftDashboardHasAFeatureTimeHeatmap() {
        JsonNode drift = Repo.json(Repo.path("grafana/dashboards/plumbline-drift.json"));
        assertTrue(panels(drift).stream().anyMatch(p -> "heatmap".equals(p.path("type").asText())
                && p.path("targets").path(0).path("legendFormat").asText().equals("{{feature}}")));
    }

    @Test
    void provisionedDataSourceIsThePrometheusOfTheStack() {
        JsonNode ds = Repo.yaml(Repo.path("grafana/provisioning/datasources/prometheus.yml")).path("datasources").path(0);
        assertEquals("prometheus", ds.path("type").asText());
        assertEquals("http://prometheus:9090", ds.path("url").asText());
        assertFalse(ds.path("uid").asText().isBlank(), "the data source needs a fixed uid");
        for (Path file : dashboards()) {
            JsonNode var = variable(Repo.json(file), "datasource");
            assertEquals(ds.path("uid").asText(), var.path("current").path("value").asText(),
                    file.getFileName() + ": default data source");
        }
    }

    private static void structure(Path file) {
        JsonNode d = Repo.json(file);
        assertTrue(d.path("schemaVersion").isInt() && d.path("schemaVersion").asInt() >= 36, "schemaVersion");
        assertFalse(d.path("uid").asText().isBlank(), "uid");
        assertFalse(d.path("title").asText().isBlank(), "title");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels(d)) {
            assertTrue(p.path("id").isInt(), "panel without an integer id: " + p.path("title"));
            assertTrue(ids.add(p.path("id").asInt()), "duplicate panel id " + p.path("id"));
            JsonNode g = p.path("gridPos");
            assertTrue(g.path("w").asInt() > 0 && g.path("x").asInt() + g.path("w").asInt() <= 24,
                    "gridPos outside the 24 columns: " + p.path("title"));
            assertFalse(p.path("type").asText().isBlank(), "panel type");
            if (!"row".equals(p.path("type").asText())) {
                assertFalse(p.path("targets").isEmpty(), "panel without queries: " + p.path("title"));
            }
        }
    }

    private static void datasources(Path file) {
        JsonNode d = Repo.json(file);
        for (JsonNode p : panels(d)) {
            if (p.has("targets")) {
                assertEquals(DATASOURCE_VAR, p.path("datasource").path("uid").asText(), "panel " + p.path("title"));
                for (JsonNode t : p.path("targets")) {
                    assertEquals(DATASOURCE_VAR, t.path("datasource").path("uid").asText(),
                            "target " + t.path("refId") + " of " + p.path("title"));
                }
            }
        }
        for (JsonNode v : d.path("templating").path("list")) {
            if ("query".equals(v.path("type").asText())) {
                assertEquals(DATASOURCE_VAR, v.path("datasource").path("uid").asText(), "variable " + v.path("name"));
            }
        }
        JsonNode ds = variable(d, "datasource");
        assertEquals("datasource", ds.path("type").asText());
        assertEquals("prometheus", ds.path("query").asText());
    }

    private static void variables(Path file) {
        JsonNode d = Repo.json(file);
        variable(d, "model");
        variable(d, "version");
        if (d.path("title").asText().contains("Drift")) {
            variable(d, "feature");
        }
    }

    private static void metricNames(Path file) {
        queries(Repo.json(file)).forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertFalse(names.isEmpty(), where + ": no metric in " + expr);
            assertEquals(Set.of(), MetricAllowList.unknown(names), where + " refers to metrics no service exposes: " + expr);
        });
    }

    private static List<Path> dashboards() {
        List<Path> files = Repo.files("grafana/dashboards", ".json");
        assertFalse(files.isEmpty(), "no dashboards in grafana/dashboards");
        return files;
    }

    /** Panels, including those nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Every PromQL query of a dashboard (panel targets and variable queries) by where it is. */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : panels(dashboard)) {
            for (JsonNode t : p.path("targets")) {
                out.put("panel '" + p.path("title").asText() + "' " + t.path("refId").asText(), t.path("expr").asText());
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if ("query".equals(v.path("type").asText())) {
                String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
                String selector = PromQl.labelValuesSelector(q);
                out.put("variable " + v.path("name").asText(), selector != null ? selector : q);
            }
        }
        return out;
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError(dashboard.path("title").asText() + " has no template variable " + name);
    }
}
