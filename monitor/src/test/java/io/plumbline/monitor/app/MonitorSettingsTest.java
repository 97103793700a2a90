package io.plumbline.monitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.plumbline.monitor.config.KnownSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The monitor service's settings: the names the unknown-variable warning knows include the service's own
 * (Kafka) records next to the library's, and every {@code plumbline.*} key of {@code monitor-defaults.yml}
 * is read by some record (a default nobody reads is a typo).
 */
class MonitorSettingsTest {
    @Test
    void knownNames_comeFromTheRecords_andCoverMonitorDefaults() {
        try (ApplicationContext ctx = ApplicationContext.run()) {
            KnownSettings known = KnownSettings.of(ctx);
            for (String name : List.of("PLUMBLINE_MONITOR_WINDOW_GRACE", "PLUMBLINE_MONITOR_DELIVERY_MAX_BACKOFF",
                    "PLUMBLINE_MONITOR_THRESHOLDS_NUMERIC_METHOD", "PLUMBLINE_MONITOR_KAFKA_DEAD_LETTER_TOPIC")) {
                assertTrue(known.envNames().contains(name), name);
            }
            assertTrue(known.envPrefixes().contains("PLUMBLINE_MONITOR_KAFKA_STREAMS_"), known.envPrefixes().toString());
        }
    }

    @Test
    void everyKeyOfMonitorDefaults_isReadByARecord() throws Exception {
        Map<String, Object> yaml;
        try (var in = getClass().getResourceAsStream("/io/plumbline/monitor/app/monitor-defaults.yml")) {
            yaml = new YamlPropertySourceLoader().read("monitor-defaults.yml", in);
        }
        try (ApplicationContext ctx = ApplicationContext.run()) {
            Set<String> bound = KnownSettings.of(ctx).bound().stream().map(KnownSettings.Setting::key)
                    .collect(Collectors.toSet());
            List<String> plumbline = yaml.keySet().stream().filter(k -> k.startsWith("plumbline.")).sorted().toList();
            assertTrue(plumbline.size() >= 8, plumbline.toString());
            assertEquals(List.of(), plumbline.stream().filter(k -> !bound.contains(k)).toList(),
                    "keys in monitor-defaults.yml that no configuration record reads");
        }
    }
}
