package io.plumbline.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline HTML report of the demo data (Seattle weather, 2012-2013 as the reference, July to
 * September 2014 as the current data), opened in a real headless Chromium (Debian's {@code chromium},
 * which {@code .ci/run} installs): the script ran to its end with no console error, one table row per
 * feature, a drifted feature's charts present, a screenshot under {@code target/html-report/} for a
 * person to look at, and every number in the DOM equal to the JSON report of the same run.
 *
 * <p>Not skipped when Chromium is missing: it fails and says how to install it.
 */
class HtmlReportBrowserTest {
    private static final String FEATURES = "precipitation,temp_max,temp_min,wind,weather";
    private static final Path OUT = Path.of("target", "html-report").toAbsolutePath();

    @TempDir
    static Path dir;

    private static JsonNode json;
    private static String dom;
    private static String log;
    private static Path screenshot;

    @BeforeAll
    static void renderInChromium() throws Exception {
        String chromium = chromium();
        List<String> lines;
        try (InputStream in = HtmlReportBrowserTest.class.getResourceAsStream("/seattle-weather.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Path reference = write("reference-2012-2013.csv", lines, "^(2012|2013)-.*");
        Path current = write("current-2014q3.csv", lines, "^2014-0[789]-.*");
        Files.createDirectories(OUT);
        Path html = OUT.resolve("seattle-2014q3.html");
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
        dom = chromium(chromium, stderr, "--enable-logging=stderr", "--v=0", "--dump-dom", url);
        log = Files.readString(stderr);
        screenshot = OUT.resolve("seattle-2014q3.png");
        Files.deleteIfExists(screenshot);
        chromium(chromium, dir.resolve("chromium-shot.log"), "--hide-scrollbars", "--screenshot=" + screenshot,
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

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        if (!m.find()) {
            throw new AssertionError("not in the DOM: " + regex);
        }
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
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

    /** The chromium binary on PATH; fails (never skips) when there is none. */
    private static String chromium() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(p, name))) {
                    return Path.of(p, name).toString();
                }
            }
        }
        return fail("chromium is not installed (no chromium or chromium-browser on PATH); install it with"
                + " 'apt-get install -y chromium' (.ci/run does so when it is missing)");
    }

    /** Runs headless Chromium with a fresh profile; returns its standard output. Bounded: 120 s. */
    private static String chromium(String binary, Path stderr, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process was killed; the exit check below reports it
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish in 120 s: " + command + "\n" + Files.readString(stderr));
        }
        reader.join(10_000);
        assertEquals(0, p.exitValue(), "chromium failed: " + command + "\n" + Files.readString(stderr));
        return out.toString(StandardCharsets.UTF_8);
    }
}
