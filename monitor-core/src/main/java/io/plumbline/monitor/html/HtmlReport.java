package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.monitor.window.DriftWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The drift report as one self-contained HTML page: summary, model performance (when the report has it),
 * feature table, one expandable section per feature with its charts, and the JSON report itself embedded ({@code <script type="application/json"
 * id="drift-report">}) so a reader or a test can check the page against it. The numbers shown are read
 * from that same JSON; the charts from the window's counts. Styles and the small script (sorting,
 * filtering) are inlined from resources beside this class. Thread-safe.
 */
public final class HtmlReport {
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * The page.
     *
     * @param title what the page is about (shown as its heading)
     * @param report the JSON report as {@code report --format json} prints it (rows, alpha, correction,
     *     drift, incomplete, features, ...)
     * @param window the counts the report was computed from
     * @param coarseBins PSI's number of coarse bins ({@code DriftSettings.coarseBins()})
     * @param unseenNames per categorical feature, unseen categories with their counts (may be empty)
     */
    public String render(String title, JsonNode tree, DriftWindow window, int coarseBins,
            Map<String, Map<String, Long>> unseenNames) {
        return render(title, "", "", tree, window, coarseBins, unseenNames);
    }

    /**
     * The page with two additions for the live drift page: {@code head}, markup added to the head (its
     * refresh tag), and {@code top}, markup shown between the heading and the summary (which model and
     * version, and links to the others). Both are the caller's markup, inserted as given.
     */
    public String render(String title, String head, String top, JsonNode tree, DriftWindow window, int coarseBins,
            Map<String, Map<String, Long>> unseenNames) {
        JsonNode report = asPrinted(tree);
        Map<String, FeatureCharts> charts = FeatureCharts.of(window, coarseBins, unseenNames);
        JsonNode features = report.get("features");
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append(head)
                .append("<title>").append(Html.text(title)).append("</title>\n<style>").append(CSS).append("</style></head>\n")
                .append("<body>\n").append(SvgCharts.definitions())
                .append("<header><h1>").append(Html.text(title)).append("</h1></header>\n").append(top).append("<main>\n")
                .append(SummarySection.render(report, window.profile().rows()))
                .append(PerformanceSection.render(report))
                .append("<section id=\"table\" aria-labelledby=\"table-h\"><h2 id=\"table-h\">Features</h2>\n")
                .append(FeatureTable.render(features, charts)).append("</section>\n")
                .append("<section id=\"details\" aria-labelledby=\"details-h\"><h2 id=\"details-h\">Per feature</h2>\n")
                .append("<p>Charts show the bins the statistics used, so a picture and its number cannot disagree:")
                .append(" PSI's coarse bins for the histogram, the fine reference bins for the CDFs and the KS distance.</p>\n");
        List<Integer> order = FeatureTable.order(features);
        boolean first = true;
        for (int i : order) {
            JsonNode f = features.get(i);
            boolean open = first && f.get("verdict").asText().equals("drift");
            b.append(FeatureDetails.render(f, i, charts.get(f.get("feature").asText()), open, report.get("overTime")));
            first = false;
        }
        b.append("</section>\n</main>\n<footer><p>Plumbline drift report. Colours: Okabe-Ito; reference ")
                .append("solid blue, current hatched or dashed orange.</p></footer>\n")
                .append("<script type=\"application/json\" id=\"drift-report\">").append(json(report)).append("</script>\n")
                .append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return b.toString();
    }

    /**
     * The tree as the JSON report's text reads back: values held as Java objects (lists of names)
     * become arrays, and every number is the one the JSON text carries.
     */
    private JsonNode asPrinted(JsonNode tree) {
        try {
            return mapper.readTree(mapper.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON made safe inside a script element: "</" cannot end it early. */
    private String json(JsonNode report) {
        try {
            return mapper.writeValueAsString(report).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
