package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When serving runs no drift monitor (turned off, or no events to monitor), {@code /prometheus} carries
 * none of the monitor's meters: a {@code monitor_events_total} or {@code webhook_deliveries_total} stuck
 * at 0 says "monitored, nothing arrived", which is not true. With the monitor on they are there
 * ({@code EmbeddedMonitorTest}). Opening {@code GET /drift}, which then only says why there is no drift here,
 * does not bring them in either.
 */
class MonitorOffMetricsTest {
    private static final List<String> MONITOR_METERS = List.of("monitor_events_total", "webhook_deliveries_total",
            "monitor_feedback");

    @ParameterizedTest
    @ValueSource(strings = {"plumbline.monitor.embedded.enabled=false", "plumbline.events.sink=none"})
    void monitorOff_prometheusHasNoMonitorMeters(String setting) {
        Map<String, Object> config = new HashMap<>(Map.of("plumbline.registry.uri", TestRepository.create().toString(),
                "micronaut.server.port", "-1", "grpc.server.port", Integer.toString(FreePorts.loopback())));
        String[] kv = setting.split("=");
        config.put(kv[0], kv[1]);
        try (ApplicationContext context = ApplicationContext.run(config, "test")) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            V2Client client = new V2Client(server.getURI());
            client.awaitReady();
            // A prediction, so that anything counting events had something to count.
            assertEquals(200, client.post("/v2/models/weather/infer", "{\"inputs\":[{\"name\":\"features\","
                    + "\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[0.5,20.1,11.2,3.0]}]}").status());
            // The drift page, which says where drift is computed instead, must not start a monitor to say so.
            assertEquals(200, client.get("/drift").status());
            String metrics = new String(client.get("/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(metrics.contains("inference_requests_seconds_count"), "serving's own meters are there");
            for (String meter : MONITOR_METERS) {
                assertFalse(metrics.contains(meter), setting + ": " + meter + " is exported\n" + metrics);
            }
        }
    }
}
