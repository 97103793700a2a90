package io.plumbline.monitor.cli;

import static io.plumbline.testing.DomText.all;
import static io.plumbline.testing.DomText.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.plumbline.testing.Chromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline HTML report of the demo data (Seattle weather, 2012-2013 as the reference, July to
 * September 2014 as the current data), opened in a real headless Chromium (Debian's {@code chromium},
 * which {@code .ci/run} installs): the script ran to its end with no console error, one table row per
 * feature, a drifted feature's charts present, a screenshot under {@code target/html-report/} for a
 * person to look at, every number in the DOM equal to the JSON report of the same run, and the
 * table's sorting and filtering working when driven by a probe script; with {@code --time-column} the
 * over-time chart and its table per feature.
 *
 * <p>Not skipped when Chromium is missing: it fails and says how to install it.
 */
class HtmlReportBrowserTest {
    private static final String FEATURES = "precipitation,temp_max,temp_min,wind,weather";
    private static final Path OUT = Path.of("target", "html-report").toAbsolutePath();

    @TempDir
    static Path dir;

    private static JsonNode json;
    private static Chromium chromium;
    private static Path html;
    private static String dom;
    private static String log;
    private static Path screenshot;

    @BeforeAll
    static void renderInChromium() throws Exception {
        chromium = Chromium.find(dir);
        List<String> lines;
        try (InputStream in = HtmlReportBrowserTest.class.getResourceAsStream("/seattle-weather.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Path reference = write("reference-2012-2013.csv", lines, "^(2012|2013)-.*");
        Path current = write("current-2014q3.csv", lines, "^2014-0[789]-.*");
        Files.createDirectories(OUT);
        html = OUT.resolve("seattle-2014q3.html");
        String[] common = {"report", "--reference", reference.toString(), "--current", current.toString(), "--features",
            FEATURES, "--min-count", "50"};
        ByteArrayOutputStream jsonOut = new ByteArrayOutputStream();
        assertEquals(Main.DRIFT, Main.run(concat(common, "--format", "json"), new PrintStream(jsonOut), System.err));
        json = new ObjectMapper().readTree(jsonOut.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream htmlOut = new ByteArrayOutputStream();
        assertEquals(Main.DRIFT, Main.run(concat(common, "--format", "html", "--out", html.toString()),
                new PrintStream(htmlOut), System.err));
        assertTrue(htmlOut.toString(StandardCharsets.UTF_8).startsWith("wrote " + html), htmlOut.toString());

        String url = html.toUri().toString();
        Path stderr = dir.resolve("chromium-dom.log");
        dom = chromium.run(stderr, "--enable-logging=stderr", "--v=0", "--dump-dom", url);
        log = Files.readString(stderr);
        screenshot = OUT.resolve("seattle-2014q3.png");
        Files.deleteIfExists(screenshot);
        chromium.run(dir.resolve("chromium-shot.log"), "--hide-scrollbars", "--screenshot=" + screenshot,
                "--window-size=1280,2000", url);
    }

    @Test
    void scriptRanWithoutErrors() {
        // On the root element: the script's own comment also contains the words.
        assertTrue(Pattern.compile("<html[^>]* data-script=\"ok\"").matcher(dom).find(),
                "the page's script did not reach its end; chromium log:\n" + log);
        assertFalse(log.contains("Uncaught"), "a JavaScript exception:\n" + log);
        assertFalse(log.contains(":CONSOLE"), "the page wrote to the console:\n" + log);
        assertTrue(dom.contains("<div id=\"controls\" class=\"controls\">"), "filter controls not shown by the script");
        assertTrue(dom.contains("<th scope=\"col\" data-type=\"number\"><button type=\"button\">statistic</button></th>"),
                "sort buttons not added");
    }

    @Test
    void oneRowPerFeature_driftedFirst() {
        List<String> rows = all(dom, "<tr class=\"v-([a-z_]+)\" data-feature=\"");
        assertEquals(5, rows.size(), "feature rows");
        int firstNotDrifted = rows.indexOf("no_drift");
        assertTrue(firstNotDrifted > 0 && rows.subList(firstNotDrifted, rows.size()).stream().noneMatch("drift"::equals),
                "drifted features first: " + rows);
    }

    @Test
    void driftedFeatureHasItsCharts() {
        assertEquals("drift", feature("temp_max").get("verdict").asText());
        String section = section("temp_max");
        for (String chart : new String[] {"histogram", "psi", "cdf"}) {
            assertTrue(section.contains("data-chart=\"" + chart + "\""), "temp_max has no " + chart + " chart");
        }
        assertTrue(section("weather").contains("data-chart=\"categories\""), "weather has no category chart");
    }

    @Test
    void screenshotWritten() throws IOException {
        assertTrue(Files.size(screenshot) > 10_000, "screenshot too small: " + Files.size(screenshot));
        byte[] magic = Arrays.copyOf(Files.readAllBytes(screenshot), 8);
        assertEquals("\u0089PNG\r\n\u001a\n", new String(magic, StandardCharsets.ISO_8859_1), "not a PNG");
    }

    /** Every method of every feature: the DOM's data-value and its displayed text against the JSON. */
    @Test
    void domNumbersEqualTheJsonReport() {
        int compared = 0;
        for (JsonNode f : json.get("features")) {
            String name = f.get("feature").asText();
            String row = match(dom, "<tr class=\"v-[a-z_]+\" data-feature=\"" + name + "\".*?</tr>");
            JsonNode primary = null;
            for (JsonNode m : f.get("methods")) {
                if (m.get("method").asText().equals(f.get("primary").asText())) {
                    primary = m;
                }
                String tr = match(section(name), "<tr data-method=\"" + m.get("method").asText() + "\">.*?</tr>");
                for (String field : new String[] {"statistic", "bound", "pValue", "adjustedPValue", "threshold"}) {
                    compared += cell(tr, field, m.get(field), name + " " + m.get("method").asText());
                }
            }
            for (String field : new String[] {"statistic", "bound", "adjustedPValue", "threshold"}) {
                compared += cell(row, field, primary.get(field), name + " table");
            }
            for (String field : new String[] {"count", "missing", "invalid", "unseen"}) {
                assertEquals(f.get(field).asText(), match(row, "data-field=\"" + field + "\" data-value=\"([^\"]*)\""),
                        name + " " + field);
            }
            assertEquals(f.get("verdict").asText(), match(row, "data-field=\"verdict\" data-value=\"([^\"]*)\""));
            if (f.get("kind").asText().equals("numeric")) {
                // The chart's KS mark and the PSI table's sum are the reported statistics, bit for bit.
                assertEquals(f.get("methods").get(0).get("statistic").asDouble(),
                        Double.parseDouble(match(section(name), "<g class=\"ks\" data-d=\"([^\"]+)\"")), name + " KS mark");
                assertEquals(f.get("methods").get(1).get("statistic").asDouble(),
                        Double.parseDouble(match(section(name), "data-field=\"psiSum\" data-value=\"([^\"]+)\"")), name + " PSI sum");
            }
        }
        assertEquals(5 * 4 + 4 * 3 * 5 + 2 * 5, compared, "numbers compared");
        assertEquals(json.get("rows").asText(), match(dom, "<dd data-fact=\"rows\">([^<]*)</dd>"));
        assertEquals(json.get("alpha").asText(), match(dom, "<dd data-fact=\"alpha\">([^<]*)</dd>"));
        assertEquals(json.get("correction").asText(), match(dom, "<dd data-fact=\"correction\">([^<]*)</dd>"));
        assertEquals(json.get("pValues").asText(), match(dom, "<p class=\"note\" data-fact=\"pValues\">([^<]*)</p>"));
        List<String> drifted = new ArrayList<>();
        json.get("driftedFeatures").forEach(n -> drifted.add(n.asText()));
        assertEquals(String.join(", ", drifted), match(dom, "<dd data-fact=\"driftedInputs\">([^<]*)</dd>"));
        assertTrue(dom.contains("Drift in " + drifted.size() + " of 5 features (exit code 1)"));
    }

    /**
     * The script's sorting and filtering, driven in the browser: a copy of the page gets a probe script
     * that clicks the "statistic" header twice and types "temp" into the filter, then writes what it saw
     * into the DOM. The expected orders come from the JSON report.
     */
    @Test
    void sortingAndFiltering_workInTheBrowser() throws Exception {
        String probe = """
                <script>
                (function () {
                  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll('#features tbody tr')); };
                  var names = function (list) { return list.map(function (r) { return r.getAttribute('data-feature'); }).join(','); };
                  var th = Array.prototype.filter.call(document.querySelectorAll('#features thead th'),
                      function (t) { return t.textContent === 'statistic'; })[0];
                  th.querySelector('button').click();
                  var asc = names(rows()) + ' ' + th.getAttribute('aria-sort');
                  th.querySelector('button').click();
                  var desc = names(rows()) + ' ' + th.getAttribute('aria-sort');
                  var filter = document.getElementById('filter');
                  filter.value = 'temp';
                  filter.dispatchEvent(new Event('input'));
                  var visible = names(rows().filter(function (r) { return !r.hidden; }));
                  var pre = document.createElement('pre');
                  pre.id = 'probe';
                  pre.textContent = [asc, desc, visible, document.getElementById('shown').textContent].join('|');
                  document.body.appendChild(pre);
                }());
                </script>
                """;
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, Files.readString(html).replace("</body>", probe + "</body>"));
        String probedDom = chromium.run(dir.resolve("chromium-probe.log"), "--dump-dom", probed.toUri().toString());
        String[] seen = match(probedDom, "<pre id=\"probe\">([^<]*)</pre>").split("\\|");
        List<JsonNode> features = new ArrayList<>();
        json.get("features").forEach(features::add);
        features.sort(Comparator.comparingDouble(f -> primaryStatistic(f)));
        List<String> ascending = features.stream().map(f -> f.get("feature").asText()).toList();
        List<String> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        assertEquals(String.join(",", ascending) + " ascending", seen[0], "sorted by statistic, ascending");
        assertEquals(String.join(",", descending) + " descending", seen[1], "second click: descending");
        assertEquals("temp_min,temp_max", seen[2], "filter 'temp' (rows still in descending order)");
        assertEquals("2 of 5 features shown", seen[3]);
    }

    /**
     * With {@code --time-column date --window 30d} (2014 as the current data, against 2012-2013): every
     * feature's section has the over-time chart, with its text alternative, and a table whose rows and
     * numbers are the JSON report's {@code windows} of the same run; the summary names the windows.
     */
    @Test
    void overTimeChart_presentWithTimeColumn_numbersEqualTheJson() throws Exception {
        List<String> lines;
        try (InputStream in = HtmlReportBrowserTest.class.getResourceAsStream("/seattle-weather.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Path current = write("current-2014.csv", lines, "^2014-.*");
        String[] common = {"report", "--reference", dir.resolve("reference-2012-2013.csv").toString(), "--current",
            current.toString(), "--features", FEATURES, "--min-count", "25", "--time-column", "date", "--window", "30d"};
        ByteArrayOutputStream jsonOut = new ByteArrayOutputStream();
        assertEquals(Main.DRIFT, Main.run(concat(common, "--format", "json"), new PrintStream(jsonOut), System.err));
        JsonNode overTime = new ObjectMapper().readTree(jsonOut.toString(StandardCharsets.UTF_8));
        Path page = OUT.resolve("seattle-2014-30d.html");
        assertEquals(Main.DRIFT, Main.run(concat(common, "--format", "html", "--out", page.toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err));
        Path stderr = dir.resolve("chromium-overtime.log");
        String timeDom = chromium.run(stderr, "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());
        assertFalse(Files.readString(stderr).contains(":CONSOLE"), Files.readString(stderr));
        assertTrue(Pattern.compile("<html[^>]* data-script=\"ok\"").matcher(timeDom).find(), "script did not finish");
        assertEquals(13, overTime.get("overTime").get("windows").size(), "365 days in 30-day windows from 2014-01-01");
        int drifting = 0;
        for (JsonNode w : overTime.get("overTime").get("windows")) {
            drifting += w.get("driftedFeatures").isEmpty() ? 0 : 1;
        }
        assertEquals("13 windows of 30d by date, drift in " + drifting, match(timeDom, "<dd data-fact=\"overTime\">([^<]*)</dd>"));
        int compared = 0;
        for (JsonNode f : overTime.get("features")) {
            String name = f.get("feature").asText();
            String section = match(timeDom, "<section class=\"feature[^\"]*\" id=\"f\\d+\" data-feature=\"" + name
                    + "\">.*?</section>");
            String chart = match(section, "<svg class=\"chart\" data-chart=\"overtime\"[^>]*>");
            JsonNode windows = f.get("windows");
            int drifted = 0;
            for (JsonNode w : windows) {
                drifted += w.get("verdict").asText().equals("drift") ? 1 : 0;
            }
            assertTrue(chart.contains("role=\"img\" aria-label=\"" + f.get("primary").asText() + " statistic of " + name
                    + " per 30d window of date: drift in " + drifted + " of 13 windows"), chart);
            List<String> rows = all(section, "<tr class=\"v-[a-z_]+\" data-window=\"([^\"]+)\"");
            assertEquals(13, rows.size(), name + " window rows");
            for (int i = 0; i < windows.size(); i++) {
                JsonNode w = windows.get(i);
                assertEquals(w.get("start").asText(), rows.get(i));
                String tr = match(section, "<tr class=\"v-[a-z_]+\" data-window=\"" + w.get("start").asText() + "\">.*?</tr>");
                for (String field : new String[] {"statistic", "adjustedPValue", "threshold"}) {
                    compared += cell(tr, field, w.get(field), name + " " + w.get("start").asText());
                }
                assertEquals(w.get("count").asText(), match(tr, "data-field=\"count\" data-value=\"([^\"]*)\""));
                assertEquals(w.get("verdict").asText(), match(tr, "data-field=\"verdict\" data-value=\"([^\"]*)\""));
            }
        }
        assertEquals(5 * 13 * 3, compared, "numbers compared");
        assertFalse(dom.contains("data-chart=\"overtime\""), "no over-time chart without --time-column");
        Path shot = OUT.resolve("seattle-2014-30d.png");
        chromium.run(dir.resolve("chromium-overtime-shot.log"), "--hide-scrollbars", "--screenshot=" + shot,
                "--window-size=1280,2000", page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "screenshot too small");
    }

    private static double primaryStatistic(JsonNode feature) {
        for (JsonNode m : feature.get("methods")) {
            if (m.get("method").asText().equals(feature.get("primary").asText())) {
                return m.get("statistic").asDouble();
            }
        }
        throw new AssertionError("no primary result for " + feature.get("feature").asText());
    }

    /** Compares one number cell; returns 1 so the caller can count comparisons. */
    private static int cell(String html, String field, JsonNode expected, String what) {
        Matcher m = Pattern.compile("data-field=\"" + field + "\" data-value=\"([^\"]*)\">([^<]*)<").matcher(html);
        assertTrue(m.find(), what + ": no " + field + " cell");
        assertEquals(expected.isNull() ? "" : expected.asText(), m.group(1), what + " " + field + " value");
        assertEquals(display(expected), m.group(2), what + " " + field + " text");
        return 1;
    }

    /** The text report's rounding rule, written out again here: 4 decimals, or 3 significant digits. */
    private static String display(JsonNode v) {
        if (v.isNull()) {
            return "-";
        }
        double d = v.asDouble();
        return d == 0 || (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e6) ? String.format(Locale.ROOT, "%.4f", d)
                : String.format(Locale.ROOT, "%.3e", d);
    }

    private static JsonNode feature(String name) {
        for (JsonNode f : json.get("features")) {
            if (f.get("feature").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name + " in the JSON report");
    }

    private static String section(String name) {
        return match(dom, "<section class=\"feature[^\"]*\" id=\"f\\d+\" data-feature=\"" + name + "\">.*?</section>");
    }



    private static Path write(String name, List<String> lines, String dateRegex) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        lines.stream().skip(1).filter(l -> l.matches(dateRegex)).forEach(out::add);
        return Files.write(dir.resolve(name), out);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
