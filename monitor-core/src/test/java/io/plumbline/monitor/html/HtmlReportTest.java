package io.plumbline.monitor.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.window.DriftWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page of a small hand-made window: a stable numeric input, a shifted numeric output and a
 * categorical input with unseen categories, one of them named {@code <script>}.
 */
class HtmlReportTest {
    private static JsonNode json;
    private static String page;

    @BeforeAll
    static void render() throws Exception {
        double[] edges = new double[11];
        long[] counts = new long[10];
        for (int i = 0; i <= 10; i++) {
            edges[i] = i;
        }
        java.util.Arrays.fill(counts, 100);
        NumericSummary numeric = new NumericSummary(5, 2.9, edges, counts);
        Map<String, Long> categories = new LinkedHashMap<>();
        categories.put("rain", 600L);
        categories.put("sun", 400L);
        ReferenceProfile profile = new ReferenceProfile(1000, List.of(
                new FeatureProfile("stable", FeatureRole.INPUT, 1000, 0, numeric, null),
                new FeatureProfile("score", FeatureRole.OUTPUT, 1000, 0, numeric, null),
                new FeatureProfile("weather", FeatureRole.INPUT, 1000, 0, null, new CategoricalSummary(categories, 0))));
        DriftWindow window = new DriftWindow(profile);
        for (int i = 0; i < 1000; i++) {
            window.numeric("stable").add(i % 10 + 0.5);
            window.numeric("score").add(i % 10 * 0.5 + 0.25);
            window.categorical("weather").add(i % 10 == 0 ? "<script>" : i % 10 == 1 ? "fog" : i % 2 == 0 ? "rain" : "sun");
        }
        window.numeric("stable").addMissing();
        window.addRows(1001);
        DriftSettings settings = DriftSettings.defaults();
        JsonNode tree = ReportFixture.tree(window, settings);
        ObjectMapper mapper = new ObjectMapper();
        json = mapper.readTree(mapper.writeValueAsString(tree));
        page = new HtmlReport().render("Drift report: test", tree, window, settings.coarseBins(),
                Map.of("weather", Map.of("<script>", 100L, "fog", 100L)));
    }

    private static List<String> all(String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(page);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void tableRows_driftedFirst_withInputsAndOutputsApartInTheSummary() {
        assertEquals(List.of("score", "weather", "stable"), all("<tr class=\"v-[a-z_]+\" data-feature=\"([^\"]+)\""));
        assertTrue(page.contains("<dd data-fact=\"driftedInputs\">weather</dd>"), "drifted inputs");
        assertTrue(page.contains("<dd data-fact=\"driftedOutputs\">score</dd>"), "drifted outputs");
        assertTrue(page.contains("stable: 1 missing"), "missing value warning");
        assertTrue(page.contains("weather: 200 of categories the reference never saw"), "unseen warning");
    }

    /** Every number cell of the table equals the JSON's primary result of the same feature. */
    @Test
    void tableNumbers_equalTheJson() {
        Matcher row = Pattern.compile("<tr class=\"v-[a-z_]+\" data-feature=\"([^\"]+)\".*?</tr>").matcher(page);
        int rows = 0;
        while (row.find()) {
            JsonNode f = feature(row.group(1));
            JsonNode p = FeatureTable.primary(f);
            for (String field : new String[] {"statistic", "bound", "adjustedPValue", "threshold"}) {
                Matcher cell = Pattern.compile("data-field=\"" + field + "\" data-value=\"([^\"]*)\"").matcher(row.group());
                assertTrue(cell.find(), field);
                assertEquals(p.get(field).isNull() ? "" : p.get(field).asText(), cell.group(1), row.group(1) + " " + field);
            }
            rows++;
        }
        assertEquals(3, rows);
    }

    @Test
    void psiTable_sumsToTheReportedPsi_andKsMarkEqualsD() {
        JsonNode score = feature("score");
        double psi = score.get("methods").get(1).get("statistic").asDouble();
        Matcher sum = Pattern.compile("<section class=\"feature[^\"]*\" id=\"f1\".*?data-field=\"psiSum\" data-value=\"([^\"]+)\"",
                Pattern.DOTALL).matcher(page);
        assertTrue(sum.find());
        assertEquals(psi, Double.parseDouble(sum.group(1)));
        Matcher d = Pattern.compile("id=\"f1\".*?<g class=\"ks\" data-d=\"([^\"]+)\"", Pattern.DOTALL).matcher(page);
        assertTrue(d.find());
        assertEquals(score.get("methods").get(0).get("statistic").asDouble(), Double.parseDouble(d.group(1)));
    }

    @Test
    void namesAreEscaped_andUnseenCategoriesNamed() {
        assertFalse(page.contains("<code><script>"), "a category name became markup");
        assertTrue(page.contains("<li data-unseen=\"&lt;script&gt;\" data-value=\"100\"><code>&lt;script&gt;</code>: 100</li>"),
                page.substring(page.indexOf("Unseen")));
        assertTrue(page.contains("<li data-unseen=\"fog\" data-value=\"100\"><code>fog</code>: 100</li>"));
    }

    /** Self-contained and accessible: nothing fetched, every chart an image with a text alternative. */
    @Test
    void selfContained_andChartsHaveTextAlternatives() {
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "a network reference");
        assertFalse(page.contains("<link"), "an external stylesheet");
        List<String> svgs = all("(<svg class=\"chart\"[^>]*>)");
        assertEquals(2 * 3 + 1, svgs.size(), "histogram, PSI terms and CDF per numeric feature, bars per categorical");
        for (String svg : svgs) {
            assertTrue(svg.contains("role=\"img\"") && svg.contains("aria-label=\""), svg);
        }
        assertEquals(svgs.size(), all("<svg class=\"chart\"[^>]*>(<title>)").size(), "a <title> in every chart");
        assertTrue(page.contains("<details open>"), "the first drifted feature is open");
        assertTrue(page.contains("<div id=\"controls\" class=\"controls\" hidden>"), "filter controls wait for the script");
        assertTrue(page.contains("<script type=\"application/json\" id=\"drift-report\">"));
    }

    private static JsonNode feature(String name) {
        for (JsonNode f : json.get("features")) {
            if (f.get("feature").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name);
    }
}
