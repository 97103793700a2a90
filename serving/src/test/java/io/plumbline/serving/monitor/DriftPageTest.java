package io.plumbline.serving.monitor;

import static io.plumbline.testing.DomText.all;
import static io.plumbline.testing.DomText.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.Await;
import io.plumbline.testing.Chromium;
import io.plumbline.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live drift page of serving's embedded monitor, over real HTTP: the demo model gets the days of
 * its reference period (2012-2013) with temp_max 8 degrees warmer, the monitor's clock closes the
 * window, and {@code GET /drift} shows weather version 1 with one row per profiled feature whose every
 * statistic, verdict and event count equals what serving's own {@code /prometheus} exports for the same
 * window (drift_score, drift_detected, drift_window_events: the gauges, read as text, are the
 * independent source); the truth of the first 122 rows, sent to the feedback endpoint, gives the Model
 * quality section, whose numbers equal the model_* gauges. Then headless Chromium renders the page: the
 * script ran with no console message, the drifted feature's charts are there, and a screenshot lands in
 * {@code target/drift-page/}.
 */
@MicronautTest
@Property(name = "spec.name", value = "DriftPageTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftPageTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LABELLED = 122;
    private static final Path OUT = Path.of("target", "drift-page").toAbsolutePath();

    @Inject
    EmbeddedServer server;

    @Inject
    MutableClock clock;

    @TempDir
    Path dir;

    private V2Client client;
    private String emptyPage;
    private String page;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path root = Files.createTempDirectory("plumbline-drift-page");
            TestRepository.copyDemo(root.resolve("weather"));
            Map<String, String> p = new HashMap<>();
            p.put("plumbline.registry.uri", root.toString());
            p.put("micronaut.server.port", "-1");
            p.put("grpc.server.port", Integer.toString(FreePorts.loopback()));
            p.put("plumbline.monitor.window.size", "1m");
            p.put("plumbline.monitor.window.min-count", "200");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void driftOneWindow() throws IOException {
        client = new V2Client(server.getURI());
        client.awaitReady();
        emptyPage = get("/drift");
        List<String> lines = Files.readAllLines(Path.of("..", "data", "seattle-weather.csv"));
        List<String> rows = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            if (c[0].startsWith("2012") || c[0].startsWith("2013")) {
                rows.add(c[1] + "," + (Float.parseFloat(c[2]) + 8) + "," + c[3] + "," + c[4]);
                truth.add(c[5]);
            }
        }
        int requests = 0;
        for (int from = 0; from < rows.size(); from += 61) {
            List<String> part = rows.subList(from, Math.min(rows.size(), from + 61));
            StringJoiner data = new StringJoiner(",");
            part.forEach(data::add);
            V2Client.Reply r = client.post("/v2/models/weather/infer", "{\"id\": \"d" + requests + "\", \"inputs\": ["
                    + "{\"name\": \"features\", \"shape\": [" + part.size() + ", 4], \"datatype\": \"FP32\", \"data\": ["
                    + data + "]}]}");
            assertEquals(200, r.status(), r.error());
            requests++;
        }
        int sent = requests;
        Await.until(() -> gauge("monitor_events_total", "outcome=\"ok\"") == sent, WAIT, () -> "events not counted");
        // The truth of the first two requests' rows (request dK, row r: id dK#r), observed in this window.
        StringJoiner feedback = new StringJoiner(",");
        for (int i = 0; i < LABELLED; i++) {
            feedback.add("{\"id\": \"d" + i / 61 + "#" + i % 61 + "\", \"label\": \"" + truth.get(i) + "\", \"time\": \""
                    + clock.instant() + "\"}");
        }
        V2Client.Reply f = client.post("/v2/models/weather/feedback", "{\"feedback\": [" + feedback + "]}");
        assertEquals(202, f.status(), f.error());
        Await.until(() -> gauge("monitor_feedback_total", "outcome=\"matched\"") == LABELLED, WAIT,
                () -> "feedback not matched");
        clock.advance(Duration.ofMinutes(1));
        // The closing window sets every gauge first and becomes the page's latest last: once the page shows
        // it, the gauges compared below are all there (waiting on a gauge could read the page too early).
        Await.until(() -> get("/drift").contains("<h1>Live drift: weather version 1</h1>"), WAIT,
                () -> "window not closed");
        page = get("/drift");
    }

    @Test
    void beforeAnyWindow_thePageSaysSoAndReloads() {
        assertTrue(emptyPage.contains("<p id=\"empty\">No drift window has closed yet.</p>"), emptyPage);
        assertTrue(emptyPage.contains("<noscript><meta http-equiv=\"refresh\" content=\"60\"></noscript>"), emptyPage);
    }

    @Test
    void showsTheModelVersion_andEveryFeatureWithPrometheusNumbers() {
        assertTrue(page.contains("<h1>Live drift: weather version 1</h1>"), "heading");
        assertTrue(page.contains("<noscript><meta http-equiv=\"refresh\" content=\"60\"></noscript>"), "refresh without JS");
        assertTrue(page.contains("<meta name=\"plumbline-refresh\" content=\"60\">"), "the script's refresh period");
        Map<String, Double> scores = gauges("drift_score", "model=\"weather\"");
        TreeSet<String> features = new TreeSet<>();
        scores.keySet().forEach(k -> features.add(k.substring(0, k.indexOf(' '))));
        assertTrue(features.containsAll(List.of("precipitation", "temp_max", "temp_min", "wind")), features.toString());
        assertEquals(features, new TreeSet<>(all(page, "<tr class=\"v-[a-z_]+\" data-feature=\"([^\"]+)\"")),
                "one table row per feature with a gauge");
        int compared = 0;
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            String feature = e.getKey().substring(0, e.getKey().indexOf(' '));
            String method = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            String tr = match(section(feature), "<tr data-method=\"" + method + "\">.*?</tr>");
            double shown = Double.parseDouble(match(tr, "data-field=\"statistic\" data-value=\"([^\"]*)\""));
            assertEquals(e.getValue(), shown, feature + " " + method);
            compared++;
        }
        assertTrue(compared >= 3 * features.size(), "statistics compared: " + compared);
        for (String feature : features) {
            String row = match(page, "<tr class=\"v-[a-z_]+\" data-feature=\"" + feature + "\".*?</tr>");
            String verdict = match(row, "data-field=\"verdict\" data-value=\"([^\"]*)\"");
            double detected = gauge("drift_detected", "feature=\"" + feature + "\"");
            assertEquals(detected == 1 ? "drift" : verdict.equals("insufficient_data") ? "insufficient_data" : "no_drift",
                    verdict, feature);
        }
        assertEquals("drift", match(page, "<tr class=\"v-[a-z_]+\" data-feature=\"temp_max\".*?data-field=\"verdict\" "
                + "data-value=\"([^\"]*)\""), "temp_max, 8 degrees warmer");
        assertEquals((long) gauge("drift_window_events", "model=\"weather\""),
                Long.parseLong(match(page, "<dd data-fact=\"rows\">([^<]*)</dd>")), "events");
        assertEquals(page, get("/drift/weather/1"), "the version's own page is the same page");
        assertEquals(404, client.get("/drift/weather/9").status());
    }

    /**
     * The Model quality section: predictions, labelled, coverage and the realised metrics of the window
     * equal serving's model_* gauges of the same window (read from /prometheus as text), and so do the
     * estimates the demo profile's calibration map gives.
     */
    @Test
    void modelQuality_equalsThePerformanceGauges() {
        String quality = match(page, "<section id=\"performance\".*?</section>");
        assertTrue(quality.contains("<h2 id=\"performance-h\">Model quality</h2>"), quality);
        assertEquals(LABELLED, gauge("model_feedback_labelled", "model=\"weather\""), "gauge");
        assertEquals(String.valueOf(LABELLED), match(quality, "<dd data-fact=\"labelled\" data-value=\"([^\"]*)\""));
        assertEquals(gauge("drift_window_events", "model=\"weather\""),
                Double.parseDouble(match(quality, "<dd data-fact=\"predictions\" data-value=\"([^\"]*)\"")), "predictions");
        assertEquals(gauge("model_feedback_coverage", "model=\"weather\""),
                Double.parseDouble(match(quality, "<dd data-fact=\"coverage\" data-value=\"([^\"]*)\"")), 1e-15, "coverage");
        int compared = 0;
        for (String[] metric : new String[][] {{"accuracy", "accuracy"}, {"logLoss", "log_loss"}, {"brier", "brier"},
            {"ece", "ece"}}) {
            double expected = gauge("model_performance", "metric=\"" + metric[1] + "\",model=\"weather\",source=\"realised\"");
            assertFalse(Double.isNaN(expected), metric[1] + " gauge");
            assertEquals(expected, Double.parseDouble(match(quality, "data-field=\"realised." + metric[0]
                    + "\" data-value=\"([^\"]*)\"")), 1e-12 * Math.abs(expected), metric[0]);
            compared++;
        }
        assertEquals(4, compared);
        // The demo profile carries a calibration map: the estimates are the estimated gauges.
        for (String[] metric : new String[][] {{"accuracy", "accuracy"}, {"rocAuc", "roc_auc"}}) {
            double expected = gauge("model_performance", "metric=\"" + metric[1] + "\",model=\"weather\",source=\"estimated\"");
            assertFalse(Double.isNaN(expected), metric[1] + " estimated gauge");
            assertEquals(expected, Double.parseDouble(match(quality, "data-field=\"estimated." + metric[0]
                    + "\" data-value=\"([^\"]*)\"")), 1e-12 * Math.abs(expected), "estimated " + metric[0]);
        }
        assertFalse(quality.contains("the reference profile has no calibration map"), quality);
    }

    @Test
    void rendersInChromium_withoutConsoleErrors() throws Exception {
        Chromium chromium = Chromium.find(dir);
        String url = server.getURI().resolve("/drift").toString();
        Path stderr = dir.resolve("chromium-dom.log");
        String dom = chromium.run(stderr, "--enable-logging=stderr", "--v=0", "--dump-dom", url);
        String log = Files.readString(stderr);
        assertTrue(Pattern.compile("<html[^>]* data-script=\"ok\"").matcher(dom).find(),
                "the page's script did not reach its end; chromium log:\n" + log);
        assertFalse(log.contains("Uncaught"), "a JavaScript exception:\n" + log);
        assertFalse(log.contains(":CONSOLE"), "the page wrote to the console:\n" + log);
        assertEquals(all(page, "<tr class=\"v-[a-z_]+\" data-feature=\"([^\"]+)\""),
                all(dom, "<tr class=\"v-[a-z_]+\" data-feature=\"([^\"]+)\""), "feature rows in the browser");
        String section = match(dom, "<section class=\"feature[^\"]*\" id=\"f\\d+\" data-feature=\"temp_max\">.*?</section>");
        for (String chart : new String[] {"histogram", "psi", "cdf"}) {
            assertTrue(section.contains("data-chart=\"" + chart + "\""), "temp_max has no " + chart + " chart");
        }
        Files.createDirectories(OUT);
        Path screenshot = OUT.resolve("live-drift.png");
        Files.deleteIfExists(screenshot);
        chromium.run(dir.resolve("chromium-shot.log"), "--hide-scrollbars", "--screenshot=" + screenshot,
                "--window-size=1280,2000", url);
        assertTrue(Files.size(screenshot) > 10_000, "screenshot too small: " + Files.size(screenshot));
        byte[] magic = Arrays.copyOf(Files.readAllBytes(screenshot), 8);
        assertEquals("\u0089PNG\r\n\u001a\n", new String(magic, StandardCharsets.ISO_8859_1), "not a PNG");
    }

    private String get(String path) {
        V2Client.Reply r = client.get(path);
        assertEquals(200, r.status(), path);
        assertTrue(r.headers().getOrDefault("content-type", List.of("")).get(0).startsWith("text/html"), path);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private String section(String feature) {
        return match(page, "<section class=\"feature[^\"]*\" id=\"f\\d+\" data-feature=\"" + feature + "\">.*?</section>");
    }

    /** Every sample of {@code name} whose labels contain {@code labels}, as "feature method" to value. */
    private Map<String, Double> gauges(String name, String labels) {
        String text = new String(client.get("/prometheus").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(text);
        Map<String, Double> found = new LinkedHashMap<>();
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                found.put(label(m.group(1), "feature") + " " + label(m.group(1), "method"), Double.parseDouble(m.group(2)));
            }
        }
        return found;
    }

    private static String label(String labels, String name) {
        return match(labels, "(?:^|,)" + name + "=\"([^\"]*)\"");
    }

    /** The first sample of {@code name} whose labels contain {@code labels}; NaN when absent. */
    private double gauge(String name, String labels) {
        String text = new String(client.get("/prometheus").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }


}
