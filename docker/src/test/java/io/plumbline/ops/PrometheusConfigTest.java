package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker/prometheus/prometheus.yml: valid for promtool, scrapes both services, loads the rules. */
class PrometheusConfigTest {
    private static final Path CONFIG = Repo.path("docker/prometheus/prometheus.yml");

    @Test
    void passesPromtoolCheckConfig() {
        // promtool resolves rule_files against the config file's directory, as the server does.
        OpsTool.Result r = OpsTool.PROMTOOL.run(CONFIG.getParent(), "check", "config", CONFIG.toString());
        r.assertSuccess();
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void scrapesServingAndMonitorAtSlashPrometheus() {
        Map<String, String> pathByTarget = new HashMap<>();
        for (JsonNode job : Repo.yaml(CONFIG).path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode t : sc.path("targets")) {
                    pathByTarget.put(t.asText(), job.path("metrics_path").asText("/metrics"));
                }
            }
        }
        assertEquals("/prometheus", pathByTarget.get("serving:8080"), "serving scrape: " + pathByTarget);
        assertEquals("/prometheus", pathByTarget.get("monitor:8082"), "monitor scrape: " + pathByTarget);
    }

    @Test
    void loadsEveryRuleFileAndSendsAlertsToAlertmanager() {
        JsonNode cfg = Repo.yaml(CONFIG);
        for (Path rules : AlertRulesTest.ruleFiles()) {
            Path relative = CONFIG.getParent().relativize(rules);
            boolean loaded = false;
            for (JsonNode glob : cfg.path("rule_files")) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.asText());
                loaded |= m.matches(relative);
            }
            assertTrue(loaded, rules + " is not loaded by rule_files " + cfg.path("rule_files"));
        }
        assertEquals("alertmanager:9093",
                cfg.path("alerting").path("alertmanagers").path(0).path("static_configs").path(0).path("targets").path(0).asText());
    }
}
