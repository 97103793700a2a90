package io.plumbline.monitor.page;

import static io.plumbline.testing.DomText.all;
import static io.plumbline.testing.DomText.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.testing.Chromium;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page of a hand-made window: a shifted numeric input {@code temp}, a categorical input
 * {@code weather} with two unseen categories (hail 30 times, sleet 20), and a classifier's probability
 * outputs {@code p_a}, {@code p_b} with 10 predictions of which 4 are labelled, 3 of them right (accuracy
 * 0.75, coverage 0.4, worked out by hand). The page names the unseen categories with their counts and has
 * the Model quality section, both equal to its embedded JSON. Then, served over real HTTP to headless
 * Chromium, the page refreshes itself (virtual time runs past the 5 s period): new numbers arrive, while
 * the feature the reader opened stays open, the one they closed stays closed, and their filter still
 * applies.
 */
class LivePageTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private final LivePage live = new LivePage(DriftSettings.defaults().withMinCount(100), Duration.ofSeconds(5));

    private static ReferenceProfile profile() {
        double[] edges = new double[11];
        long[] counts = new long[10];
        for (int i = 0; i <= 10; i++) {
            edges[i] = i;
        }
        Arrays.fill(counts, 100);
        double[] unit = {0, 0.25, 0.5, 0.75, 1};
        long[] quarters = {250, 250, 250, 250};
        Map<String, Long> categories = new LinkedHashMap<>();
        categories.put("rain", 600L);
        categories.put("sun", 400L);
        return new ReferenceProfile(1000, List.of(
                new FeatureProfile("temp", FeatureRole.INPUT, 1000, 0, new NumericSummary(5, 2.9, edges, counts), null),
                new FeatureProfile("weather", FeatureRole.INPUT, 1000, 0, null, new CategoricalSummary(categories, 0)),
                new FeatureProfile("p_a", FeatureRole.OUTPUT, 1000, 0, new NumericSummary(0.5, 0.29, unit, quarters), null),
                new FeatureProfile("p_b", FeatureRole.OUTPUT, 1000, 0, new NumericSummary(0.5, 0.29, unit, quarters), null)));
    }

    /** {@code rows} rows: temp shifted up by 3, weather with hail and sleet, and the 10 predictions. */
    private static WindowResult window(int rows) {
        DriftWindow w = new DriftWindow(profile());
        for (int i = 0; i < rows; i++) {
            w.numeric("temp").add(Math.min(9.5, i % 10 + 3.5));
            w.categorical("weather").add(i < 30 ? "hail" : i < 50 ? "sleet" : i % 2 == 0 ? "rain" : "sun");
            w.numeric("p_a").add(i % 4 * 0.25 + 0.1);
            w.numeric("p_b").add(0.9 - i % 4 * 0.25);
        }
        w.addRows(rows);
        double[][] outputs = {{0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}, {0.1, 0.9}};
        String[] truth = {"p_a", "p_a", "p_a", "p_b"}; // right, wrong, right, right
        for (int i = 0; i < 10; i++) {
            w.performance().predicted(i < 4 ? outputs[i] : new double[] {0.5, 0.5});
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(w.performance().score(outputs[i], null,
                    FeedbackRecord.ofLabel("m", "1", "r" + i, truth[i], -1, START)));
        }
        return new WindowResult("m", "1", START, START.plusSeconds(5),
                new DriftAnalyzer(DriftSettings.defaults().withMinCount(100)).analyze(w), w);
    }

    private static JsonNode embedded(String page) throws IOException {
        return new ObjectMapper().readTree(match(page, "<script type=\"application/json\" id=\"drift-report\">(.*?)</script>")
                .replace("<\\/", "</"));
    }

    @Test
    void unseenCategoriesAreNamed_andModelQualityShown_asTheJsonHasThem() throws IOException {
        WindowResult r = window(1000);
        String page = live.render(r, List.of(r));
        JsonNode json = embedded(page);
        JsonNode weather = json.get("features").get(1);
        assertEquals("weather", weather.get("feature").asText());
        JsonNode top = weather.get("quality").get("topUnseen");
        assertEquals(2, top.size());
        assertEquals(List.of("hail", "sleet"), all(page, "<li data-unseen=\"([^\"]+)\""));
        for (JsonNode t : top) {
            assertEquals(t.get("count").asText(), match(page, "<li data-unseen=\"" + t.get("value").asText()
                    + "\" data-value=\"([^\"]+)\""));
        }
        assertEquals(List.of("30", "20"), all(page, "<li data-unseen=\"[^\"]+\" data-value=\"([^\"]+)\""), "hand count");

        assertTrue(page.contains("<h2 id=\"performance-h\">Model quality</h2>"), "quality section");
        JsonNode p = json.get("performance");
        assertEquals(0.75, p.get("realised").get("accuracy").asDouble(), 1e-12, "3 of 4 labelled right");
        assertEquals(p.get("realised").get("accuracy").asText(),
                match(page, "data-field=\"realised.accuracy\" data-value=\"([^\"]*)\""));
        assertEquals("10", match(page, "<dd data-fact=\"predictions\" data-value=\"([^\"]*)\""));
        assertEquals("4", match(page, "<dd data-fact=\"labelled\" data-value=\"([^\"]*)\""));
        assertEquals(0.4, Double.parseDouble(match(page, "<dd data-fact=\"coverage\" data-value=\"([^\"]*)\"")), 1e-12);
        assertTrue(page.contains("none here, the reference profile has no calibration map"), "no estimate, and why");
    }

    @Test
    void withoutOutputs_noQualitySection_andTheRefreshWorksWithoutScript() {
        ReferenceProfile inputs = new ReferenceProfile(1000, List.of(profile().features().get(0)));
        DriftWindow w = new DriftWindow(inputs);
        for (int i = 0; i < 200; i++) {
            w.numeric("temp").add(i % 10 + 0.5);
        }
        w.addRows(200);
        WindowResult r = new WindowResult("m", "1", START, START.plusSeconds(5),
                new DriftAnalyzer(DriftSettings.defaults()).analyze(w), w);
        String page = live.render(r, List.of(r));
        assertFalse(page.contains("id=\"performance\""), "no outputs profiled: nothing to show");
        assertTrue(page.contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"), "fallback refresh");
        assertTrue(page.contains("<meta name=\"plumbline-refresh\" content=\"5\">"));
        assertTrue(live.empty("none yet").contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"));
    }

    @Test
    void selfRefresh_swapsInNewNumbers_keepingOpenFeaturesAndFilter() throws Exception {
        WindowResult first = window(1000);
        WindowResult later = window(1200);
        // Before the refresh the reader closes every feature but weather (opened by the link's #f1) and
        // filters the table by "weat": a probe in the first response only, run after the page's own script.
        String probe = "<script>Array.prototype.forEach.call(document.querySelectorAll('section.feature'), function (s) {"
                + " if (s.getAttribute('data-feature') !== 'weather') { s.querySelector('details').open = false; } });"
                + " var f = document.getElementById('filter'); f.value = 'weat'; f.dispatchEvent(new Event('input'));</script>";
        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/drift", exchange -> {
            int n = served.getAndIncrement();
            WindowResult r = n == 0 ? first : later;
            String page = live.render(r, List.of(r));
            byte[] body = (n == 0 ? page.replace("</body>", probe + "</body>") : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String firstPage = live.render(first, List.of(first));
            String drifted = match(firstPage, "<section class=\"feature v-drift\" id=\"f\\d+\" data-feature=\"([^\"]+)\"><details open>");
            assertEquals("f1", match(firstPage, "id=\"(f\\d+)\" data-feature=\"weather\""));
            Chromium chromium = Chromium.find(dir);
            Path log = dir.resolve("chromium.log");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/drift#f1";
            String dom = chromium.run(log, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000", "--dump-dom", url);
            String stderr = Files.readString(log);
            assertFalse(stderr.contains(":CONSOLE"), stderr);
            assertTrue(served.get() >= 2, "the page fetched itself again: " + served.get());
            assertTrue(dom.matches("(?s).*<html[^>]* data-refreshed=\"[1-9]\".*"), "no refresh swapped in:\n" + dom);
            assertEquals("1200", match(dom, "<dd data-fact=\"rows\">([^<]*)</dd>"), "the later window's numbers");
            assertEquals("1200", match(dom, "<td data-field=\"events\">([^<]*)</td>"), "the window list too");
            assertTrue(dom.contains("data-feature=\"weather\"><details open=\"\">") || dom.contains("data-feature=\"weather\"><details open>"),
                    "weather, opened by the reader, still open:\n" + match(dom, "<section class=\"feature[^\"]*\" id=\"f1\".{0,200}"));
            assertFalse(match(dom, "data-feature=\"" + drifted + "\"><details[^>]*>").contains("open"),
                    drifted + ", closed by the reader, still closed");
            assertEquals(List.of("weather"), all(dom, "<tr class=\"v-[a-z_]+\" data-feature=\"([^\"]+)\" data-verdict=\"[a-z_]+\">"),
                    "the filter still applies: only weather's row is not hidden");
            assertTrue(dom.contains("value=\"weat\"") || dom.contains("1 of 4 features shown"), "filter kept");
        } finally {
            server.stop(0);
        }
    }
}
