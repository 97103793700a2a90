package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.Await;
import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.Directories;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.KafkaBroker;
import io.plumbline.testing.PrometheusSamples;
import io.plumbline.testing.ServingProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded monitor and the Kafka monitor service, fed the same traffic, show the same metrics. Two
 * packaged serving JVMs load the demo model: one with its embedded monitor (processing time), one
 * streaming to a real Kafka broker read by the packaged monitor service (event time). The test sends
 * both the same requests (2014 days, temp_max 6 °C warmer, so features drift) and the same feedback
 * for some of them, all inside one 20-second window, then compares every drift, data-quality and
 * model-quality series of that window on the two {@code /prometheus} pages: they must be equal, value
 * for value. The two monitors cut windows by different clocks, so the traffic starts 2 s after a window
 * boundary and must end well before the next one; a send that overran the window is retried in the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
class MonitorParityTest {
    private static final long WINDOW_MILLIS = 20_000;
    private static final String MODEL = "weather";
    private static final List<String> FAMILIES = List.of("drift_window_events", "drift_window_end", "drift_score",
            "drift_pvalue", "drift_detected", "data_missing_ratio", "data_out_of_range_ratio", "data_violation_ratio",
            "model_performance", "model_class_precision", "model_class_recall", "model_feedback_labelled",
            "model_feedback_coverage");
    private static final List<String> LABELS = List.of("drizzle", "fog", "rain", "snow", "sun");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path dir;
    private KafkaBroker kafka;
    private ServingProcess embedded;
    private ServingProcess streaming;
    private ChildProcess monitor;
    private int monitorPort;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("plumbline-monitor-parity");
        kafka = KafkaBroker.launch();
        Map<String, String> window = Map.of("PLUMBLINE_MONITOR_WINDOW_SIZE", "20s",
                "PLUMBLINE_MONITOR_WINDOW_MIN_COUNT", "100");
        Path servingJar = Repo.path("serving/target/plumbline-serving.jar");
        String models = "file:" + Repo.path("models");
        Files.createDirectories(dir.resolve("embedded"));
        Files.createDirectories(dir.resolve("streaming"));
        embedded = ServingProcess.start(servingJar, models, window, dir.resolve("embedded"));
        Map<String, String> kafkaSink = new LinkedHashMap<>(window);
        kafkaSink.put("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        streaming = ServingProcess.start(servingJar, models, kafkaSink, dir.resolve("streaming"));

        monitorPort = FreePorts.loopback();
        Map<String, String> env = new LinkedHashMap<>(window);
        env.put("PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PLUMBLINE_MONITOR_KAFKA_STATE_DIR", dir.resolve("monitor-state").toString());
        env.put("PLUMBLINE_MONITOR_WINDOW_GRACE", "1s");
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(monitorPort));
        monitor = ChildProcess.start("monitor", ChildProcess.java("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar",
                Repo.path("monitor/target/plumbline-monitor.jar").toString(), "run"), env, dir, dir.resolve("monitor.log"));
        Await.until(() -> {
            if (!monitor.alive()) {
                throw new AssertionError("the monitor exited:\n" + monitor.tail(40));
            }
            return body(URI.create("http://127.0.0.1:" + monitorPort + "/health")).contains("\"state\":\"RUNNING\"");
        }, ServingProcess.START_TIMEOUT, () -> "monitor not RUNNING:\n" + monitor.tail(40));
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {monitor, streaming, embedded, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
        Directories.deleteRecursively(dir);
    }

    @Test
    void sameTrafficGivesTheSameDriftDataQualityAndModelQualitySeries() throws Exception {
        List<String[]> days = days();
        long end = -1;
        for (int attempt = 0; attempt < 3 && end < 0; attempt++) {
            end = sendInOneWindow(days, attempt);
        }
        assertTrue(end > 0, "three attempts in a row overran their window; the machine is too slow for this test");
        long endSeconds = end / 1000;

        // The Kafka monitor closes a window when stream time passes its end plus grace: one more prediction
        // (to both, so the traffic stays the same) after that, in the next window, moves it.
        sleepUntil(end + 1_500);
        for (ServingProcess s : List.of(embedded, streaming)) {
            post(s.uri("/v2/models/" + MODEL + "/infer"), infer("tick", days.subList(0, 1)), 200);
        }
        URI embeddedPage = embedded.uri("/prometheus");
        URI monitorPage = URI.create("http://127.0.0.1:" + monitorPort + "/prometheus");
        for (URI page : List.of(embeddedPage, monitorPage)) {
            Await.until(() -> new PrometheusSamples(body(page)).value("drift_window_end", "model=\"" + MODEL + "\"")
                    == endSeconds, Duration.ofSeconds(60), () -> page + " has not closed the window ending at "
                    + endSeconds + ":\n" + monitor.tail(20));
        }
        PrometheusSamples a = new PrometheusSamples(body(embeddedPage));
        PrometheusSamples b = new PrometheusSamples(body(monitorPage));
        int series = 0;
        for (String family : FAMILIES) {
            Map<String, Double> left = ofModel(a.family(family));
            Map<String, Double> right = ofModel(b.family(family));
            assertTrue(!left.isEmpty(), family + " is missing from the embedded monitor");
            assertEquals(left, right, family + ": embedded (left) and Kafka monitor (right) differ");
            series += left.size();
        }
        assertTrue(a.value("drift_detected", "feature=\"temp_max\"") == 1, "the warmer temp_max drifted");
        assertTrue(a.value("model_feedback_labelled", "model=\"" + MODEL + "\"") > 0, "feedback was scored");
        assertTrue(series > 50, "compared " + series + " series");
    }

    private static Map<String, Double> ofModel(Map<String, Double> family) {
        Map<String, Double> out = new TreeMap<>();
        family.forEach((k, v) -> {
            if (k.contains("model=\"" + MODEL + "\"")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Sends every request and feedback record to both servings, starting 2 s into a window; returns the
     * window's end (epoch ms), or -1 when the sends ran into its last 4 s (the caller tries the next window).
     */
    private long sendInOneWindow(List<String[]> days, int attempt) throws Exception {
        long now = System.currentTimeMillis();
        long start = (now / WINDOW_MILLIS + 1) * WINDOW_MILLIS;
        sleepUntil(start + 2_000);
        int rows = 25;
        for (int r = 0, n = 0; r + rows <= days.size(); r += rows, n++) {
            String id = "parity-" + attempt + "-" + n;
            for (ServingProcess s : List.of(embedded, streaming)) {
                post(s.uri("/v2/models/" + MODEL + "/infer"), infer(id, days.subList(r, r + rows)), 200);
            }
            // Every other request's first row gets its truth: the day's recorded weather.
            if (n % 2 == 0) {
                String truth = "{\"id\": \"" + id + "#0\", \"label\": \"" + days.get(r)[4] + "\"}";
                for (ServingProcess s : List.of(embedded, streaming)) {
                    post(s.uri("/v2/models/" + MODEL + "/feedback"), truth, 202);
                }
            }
        }
        long end = start + WINDOW_MILLIS;
        return System.currentTimeMillis() < end - 4_000 ? end : -1;
    }

    private static String infer(String id, List<String[]> days) {
        StringJoiner data = new StringJoiner(", ");
        for (String[] d : days) {
            data.add(d[0] + ", " + (Float.parseFloat(d[1]) + 6) + ", " + d[2] + ", " + d[3]);
        }
        return "{\"id\": \"" + id + "\", \"inputs\": [{\"name\": \"features\", \"shape\": [" + days.size()
                + ", 4], \"datatype\": \"FP32\", \"data\": [" + data + "]}]}";
    }

    /** 2014's days: precipitation, temp_max, temp_min, wind, weather. */
    private static List<String[]> days() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(Repo.path("data/seattle-weather.csv"))) {
            String[] c = line.split(",");
            if (c[0].startsWith("2014") && LABELS.contains(c[5])) {
                out.add(new String[] {c[1], c[2], c[3], c[4], c[5]});
            }
        }
        return out;
    }

    private void post(URI uri, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), uri + ": " + r.body());
    }

    private String body(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
