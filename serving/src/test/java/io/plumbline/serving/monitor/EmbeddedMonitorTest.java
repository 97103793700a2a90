package io.plumbline.serving.monitor;

import io.plumbline.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.monitor.webhook.Signature;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The embedded monitor end to end (events sink embedded, the default) with the demo model and its shipped
 * reference profile (2012-2013): the same days sent through the V2 REST API as traffic, then again with
 * temp_max 8 degrees warmer. serving's own /prometheus shows drift_detected 1 for temp_max and 0 for the
 * other inputs (the model's outputs, also profiled, may drift with it: warmer days change the forecast),
 * and the webhook receiver gets one signed call despite two drifted windows after the alert (cooldown).
 */
@MicronautTest
@Property(name = "spec.name", value = "EmbeddedMonitorTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedMonitorTest implements TestPropertyProvider {
    private static final List<String> FEATURES = List.of("precipitation", "temp_max", "temp_min", "wind");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "embedded-secret";

    @Inject
    EmbeddedServer server;

    @Inject
    MutableClock clock;

    @Inject
    WebhookDispatcher webhooks;

    private final List<float[]> days = new ArrayList<>();
    private final List<byte[]> calls = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private V2Client client;
    private int requests;

    @Override
    public Map<String, String> getProperties() {
        try {
            readDays();
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            receiver.createContext("/retrain", exchange -> {
                calls.add(exchange.getRequestBody().readAllBytes());
                signatures.add(exchange.getRequestHeaders().getFirst(Signature.HEADER));
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            receiver.start();
            Path root = Files.createTempDirectory("plumbline-embedded-monitor");
            TestRepository.copyDemo(root.resolve("weather"));
            Map<String, String> p = new HashMap<>();
            p.put("plumbline.registry.uri", root.toString());
            p.put("micronaut.server.port", "-1");
            p.put("grpc.server.port", Integer.toString(FreePorts.loopback()));
            p.put("plumbline.monitor.window.size", "1m");
            p.put("plumbline.monitor.window.min-count", "200");
            p.put("plumbline.monitor.webhooks[0].url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/retrain");
            p.put("plumbline.monitor.webhooks[0].secret", SECRET);
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

    @AfterAll
    void stopReceiver() {
        receiver.stop(0);
    }

    /** Seattle 2012-2013: the demo model's training data, from which its reference profile was built. */
    private void readDays() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "seattle-weather.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            if (c[0].startsWith("2012") || c[0].startsWith("2013")) {
                days.add(new float[] {Float.parseFloat(c[1]), Float.parseFloat(c[2]), Float.parseFloat(c[3]),
                        Float.parseFloat(c[4])});
            }
        }
    }

    /** Sends every reference day in requests of 61 rows, temp_max raised by {@code warmer}; waits until counted. */
    private void sendWindow(float warmer) {
        for (int from = 0; from < days.size(); from += 61) {
            int to = Math.min(days.size(), from + 61);
            StringJoiner data = new StringJoiner(",");
            for (float[] d : days.subList(from, to)) {
                data.add(d[0] + "," + (d[1] + warmer) + "," + d[2] + "," + d[3]);
            }
            V2Client.Reply r = client.post("/v2/models/weather/infer", "{\"inputs\": [{\"name\": \"features\", "
                    + "\"shape\": [" + (to - from) + ", 4], \"datatype\": \"FP32\", \"data\": [" + data + "]}]}");
            assertEquals(200, r.status(), r.error());
            requests++;
        }
        Await.until(() -> metric("monitor_events_total", "outcome=\"ok\"") == requests, WAIT, () -> "events not counted: "
                + metric("monitor_events_total", "outcome=\"ok\""));
    }

    /** Moves the monitor's clock past the window and waits for its gauges. */
    private void closeWindow() {
        clock.advance(WINDOW);
        double end = clock.instant().getEpochSecond() / 60 * 60;
        Await.until(() -> metric("drift_window_end", "model=\"weather\"") == end, WAIT, () -> "window not closed");
    }

    @Test
    void shiftedFeature_showsOnServingsPrometheus_andAlertsOnce() {
        sendWindow(0);
        closeWindow();
        for (String f : FEATURES) {
            assertEquals(0, metric("drift_detected", "feature=\"" + f + "\""), f);
        }
        assertEquals(days.size(), metric("drift_window_events", "model=\"weather\""));
        for (int w = 0; w < 3; w++) {
            sendWindow(8);
            closeWindow();
        }
        for (String f : FEATURES) {
            assertEquals(f.equals("temp_max") ? 1 : 0, metric("drift_detected", "feature=\"" + f + "\""), f);
        }
        assertTrue(metric("drift_score", "feature=\"temp_max\",method=\"ks\"") > 0.3);
        assertTrue(metric("drift_pvalue", "feature=\"temp_max\",method=\"ks\"") < 1e-6);
        // The drift gauges carry the role; the data gauges come from the same window. Out of range: the
        // days sent (as FP32, like the requests) above the reference maximum or below its minimum, the
        // profile's last and first edges, counted here from the data.
        assertEquals(1, metric("drift_detected", "feature=\"temp_max\",model=\"weather\",role=\"input\""));
        assertEquals(expectedOutOfRange(8), metric("data_out_of_range_ratio", "feature=\"temp_max\""), 1e-12);
        assertEquals(0, metric("data_missing_ratio", "feature=\"temp_max\""));
        assertEquals(0, metric("data_violation_ratio", "feature=\"temp_max\",kind=\"shape\""));
        // The gauges are published before the alert decision of the same window, so the third window's
        // alert (if any) may not be dispatched yet. Windows are handled one at a time, in order: once a
        // fourth window's gauges show, the third window is fully handled.
        sendWindow(0);
        closeWindow();
        // Then every delivery dispatched must have finished, so a second one would be counted.
        Await.until(() -> webhooks.pending() == 0, WAIT, () -> webhooks.pending() + " webhook deliveries pending");
        assertEquals(1, calls.size(), "one alert: the second drifted window fires, the third is in cooldown");
        assertEquals(1, metric("webhook_deliveries_total", "outcome=\"delivered\""));
        assertTrue(Signature.verify(calls.get(0), SECRET, signatures.get(0)));
        assertTrue(new String(calls.get(0)).contains("\"feature\":\"temp_max\""));
    }

    /** Share of the days' temp_max, raised by {@code warmer} in float as sent, outside the reference [min, max]. */
    private double expectedOutOfRange(float warmer) {
        try {
            JsonNode edges = new ObjectMapper().readTree(Path.of("..", "models", "weather", "1", "reference-profile.json")
                    .toFile()).get("features").get(1).get("numeric").get("edges");
            double first = edges.get(0).asDouble();
            double last = edges.get(edges.size() - 1).asDouble();
            long out = days.stream().mapToDouble(d -> (double) (d[1] + warmer)).filter(v -> v <= first || v > last).count();
            return (double) out / days.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first sample of {@code name} whose labels contain {@code labels}; NaN when absent. */
    private double metric(String name, String labels) {
        String text = new String(client.get("/prometheus").body());
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }
}
