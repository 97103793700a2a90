package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docker/alertmanager/alertmanager.yml: drift alerts reach the retraining webhook. */
class AlertmanagerConfigTest {
    private static final Path CONFIG = Repo.path("docker/alertmanager/alertmanager.yml");

    @Test
    void driftAlertsRouteToAWebhookReceiver() {
        JsonNode cfg = Repo.yaml(CONFIG);
        JsonNode first = cfg.path("route").path("routes").path(0);
        assertEquals("category = \"drift\"", first.path("matchers").path(0).asText(),
                "the first route must take the drift alerts");
        JsonNode receiver = receiver(cfg, first.path("receiver").asText());
        assertFalse(receiver.path("webhook_configs").isEmpty(), "drift receiver has no webhook: " + receiver);
        assertTrue(receiver.path("webhook_configs").path(0).path("url").asText().startsWith("http"));
    }

    @Test
    void everyReceiverExistsAndInhibitionsNameRealAlerts() {
        JsonNode cfg = Repo.yaml(CONFIG);
        receiver(cfg, cfg.path("route").path("receiver").asText());
        cfg.path("route").path("routes").forEach(r -> receiver(cfg, r.path("receiver").asText()));
        Set<String> alerts = AlertRulesTest.alerts().keySet();
        Set<String> named = new HashSet<>();
        for (JsonNode inhibit : cfg.path("inhibit_rules")) {
            for (String side : new String[] {"source_matchers", "target_matchers"}) {
                inhibit.path(side).forEach(m -> named.add(m.asText().replaceFirst("^alertname\\s*=\\s*\"(.*)\"$", "$1")));
            }
        }
        assertTrue(alerts.containsAll(named), "inhibit rules name unknown alerts: " + named + " vs " + alerts);
    }

    /**
     * amtool ships with Debian's prometheus-alertmanager: skipped on a machine without it, but a
     * failure in CI (CI=true), where .ci/run installs it.
     */
    @Test
    void amtoolAcceptsTheConfigAndRoutesDrift() {
        OpsTool.AMTOOL.requireInCi();
        OpsTool.AMTOOL.run(Repo.ROOT, "check-config", CONFIG.toString()).assertSuccess();
        OpsTool.Result r = OpsTool.AMTOOL.run(Repo.ROOT, "config", "routes", "test", "--config.file=" + CONFIG,
                "category=drift", "severity=page", "model=weather", "feature=temp_max");
        r.assertSuccess();
        assertTrue(r.output().contains("retraining-webhook"), r.output());
    }

    private static JsonNode receiver(JsonNode cfg, String name) {
        for (JsonNode r : cfg.path("receivers")) {
            if (name.equals(r.path("name").asText())) {
                return r;
            }
        }
        throw new AssertionError("no receiver named " + name);
    }
}
