package io.plumbline.serving.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.Await;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.PrometheusSamples;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Segments from {@code model.yaml} to serving's {@code /prometheus}: the demo model with
 * {@code segments: [{parameter: tenant, values: [acme, globex]}]}, its profile published with them, and
 * requests whose {@code parameters.tenant} is acme, globex, another tenant or absent. The segment gauges
 * count each tenant's rows (tallied here as the requests are sent; an undeclared tenant and a request
 * without one both count as {@code tenant=other}), the whole-traffic gauges count them all and carry no
 * segment label.
 */
@MicronautTest
@Property(name = "spec.name", value = "EmbeddedSegmentsTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedSegmentsTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "");

    @Inject
    EmbeddedServer server;

    @Inject
    MutableClock clock;

    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path root = Files.createTempDirectory("plumbline-segments");
            TestRepository.copyDemo(root.resolve("weather"));
            Path manifest = root.resolve("weather").resolve("model.yaml");
            Files.writeString(manifest, Files.readString(manifest)
                    + "segments:\n  - parameter: tenant\n    values: [acme, globex]\n");
            Map<String, String> p = new HashMap<>();
            p.put("plumbline.registry.uri", root.toString());
            p.put("micronaut.server.port", "-1");
            p.put("grpc.server.port", Integer.toString(FreePorts.loopback()));
            p.put("plumbline.monitor.window.size", "1m");
            p.put("plumbline.monitor.window.min-count", "10");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void ready() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    private PrometheusSamples scrape() {
        return new PrometheusSamples(new String(client.get("/prometheus").body()));
    }

    @Test
    void eachTenantsRowsAreCountedInItsSegment_andTheWholeTrafficKeepsItsOwnGauges() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "seattle-weather.csv"));
        Map<String, Long> expected = new TreeMap<>();
        int requests = 0;
        long rows = 0;
        for (int from = 1; from + 20 <= lines.size() && requests < 40; from += 20, requests++) {
            StringJoiner data = new StringJoiner(",");
            for (String line : lines.subList(from, from + 20)) {
                String[] c = line.split(",");
                data.add(c[1] + "," + c[2] + "," + c[3] + "," + c[4]);
            }
            String tenant = TENANTS.get(requests % TENANTS.size());
            String parameters = tenant.isEmpty() ? "" : "\"parameters\": {\"tenant\": \"" + tenant + "\"}, ";
            V2Client.Reply r = client.post("/v2/models/weather/infer", "{" + parameters + "\"inputs\": [{\"name\": "
                    + "\"features\", \"shape\": [20, 4], \"datatype\": \"FP32\", \"data\": [" + data + "]}]}");
            assertEquals(200, r.status(), r.error());
            expected.merge("tenant=" + (tenant.equals("acme") || tenant.equals("globex") ? tenant : "other"), 20L,
                    Long::sum);
            rows += 20;
        }
        int sent = requests;
        Await.until(() -> scrape().value("monitor_events_total", "outcome=\"ok\"") == sent, WAIT,
                () -> "events not counted");
        clock.advance(Duration.ofMinutes(1));
        Await.until(() -> scrape().family("drift_segment_window_events").size() == expected.size(), WAIT,
                () -> "segment windows not closed: " + scrape().family("drift_segment_window_events"));

        PrometheusSamples s = scrape();
        Map<String, Long> counted = new TreeMap<>();
        for (String segment : expected.keySet()) {
            counted.put(segment, (long) s.value("drift_segment_window_events", "segment=\"" + segment + "\""));
        }
        assertEquals(expected, counted);
        assertEquals(Map.of("drift_window_events{model=\"weather\",version=\"1\"}", (double) rows),
                s.family("drift_window_events"), "the whole traffic's gauge: every row, no segment label");
        assertTrue(s.family("drift_segment_score").keySet().stream()
                .anyMatch(k -> k.contains("feature=\"temp_max\"") && k.contains("segment=\"tenant=acme\"")),
                s.family("drift_segment_score").toString());
    }
}
