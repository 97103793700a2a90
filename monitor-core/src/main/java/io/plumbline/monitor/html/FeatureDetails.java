package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One expandable section per feature ({@code <details>}, which opens without JavaScript): every
 * method's result, its drift per time window when the report has them ({@link DriftOverTime}), then the
 * charts of the bins the statistics used with their numbers in a table, which is also the charts' text
 * alternative.
 */
final class FeatureDetails {
    private FeatureDetails() {
    }

    /** {@code overTime}: the report's {@code overTime} object, or null (no {@code --time-column}). */
    static String render(JsonNode feature, int index, FeatureCharts charts, boolean open, JsonNode overTime) {
        String name = feature.get("feature").asText();
        String verdict = feature.get("verdict").asText();
        JsonNode primary = FeatureTable.primary(feature);
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"feature v-").append(verdict).append("\" id=\"").append(Html.featureId(index))
                .append("\" data-feature=\"").append(Html.text(name)).append("\"><details").append(open ? " open" : "")
                .append("><summary><span class=\"name\">").append(Html.text(name)).append("</span> ")
                .append(FeatureTable.verdictText(verdict)).append(" · ").append(primary.get("method").asText())
                .append(' ').append(Numbers.display(primary.get("statistic"))).append("</summary>\n");
        methods(b, feature);
        b.append(DriftOverTime.render(name, overTime, feature.get("windows")));
        if (charts == null) {
            b.append("<p>No chart: the feature has no window.</p>");
        } else if (charts.numeric()) {
            numeric(b, name, charts);
        } else {
            categorical(b, name, charts.categories(), feature.path("quality"));
        }
        return b.append("</details></section>\n").toString();
    }

    private static void methods(StringBuilder b, JsonNode feature) {
        b.append("<table class=\"methods\"><caption>Every method (* primary)</caption><thead><tr>")
                .append("<th scope=\"col\">method</th><th scope=\"col\">statistic</th><th scope=\"col\">bound</th>")
                .append("<th scope=\"col\">p-value</th><th scope=\"col\">corrected p-value</th>")
                .append("<th scope=\"col\">threshold</th><th scope=\"col\">verdict</th></tr></thead><tbody>");
        String primary = feature.get("primary").asText();
        for (JsonNode m : feature.get("methods")) {
            String method = m.get("method").asText();
            b.append("<tr data-method=\"").append(method).append("\"><th scope=\"row\">").append(method)
                    .append(method.equals(primary) ? " *" : "").append("</th>");
            FeatureTable.number(b, "statistic", m.get("statistic"));
            FeatureTable.number(b, "bound", m.get("bound"));
            FeatureTable.number(b, "pValue", m.get("pValue"));
            FeatureTable.number(b, "adjustedPValue", m.get("adjustedPValue"));
            FeatureTable.number(b, "threshold", m.get("threshold"));
            b.append("<td data-field=\"verdict\" data-value=\"").append(m.get("verdict").asText()).append("\">")
                    .append(FeatureTable.verdictText(m.get("verdict").asText())).append("</td></tr>");
        }
        b.append("</tbody></table>\n");
    }

    private static void numeric(StringBuilder b, String name, FeatureCharts charts) {
        CoarseHistogram h = charts.histogram();
        CdfCurve cdf = charts.cdf();
        b.append("<div class=\"charts\">");
        figure(b, SvgCharts.histogram(name, h), "Reference vs current on the " + h.size() + " PSI bins (deciles of the reference)");
        if (h.contributions() != null) {
            figure(b, SvgCharts.contributions(name, h), "PSI contribution per bin, (a − e) ln(a / e)");
        }
        if (cdf != null) {
            figure(b, SvgCharts.cdf(name, cdf), "Empirical CDFs at the reference bin edges; the red bar is the KS"
                    + " distance where it is attained. Current values below / above the reference range: "
                    + cdf.belowCount() + " / " + cdf.aboveCount());
        }
        b.append("</div>\n<table class=\"bins\"><caption>PSI bins of ").append(Html.text(name))
                .append("</caption><thead><tr><th scope=\"col\">bin</th><th scope=\"col\">range</th>")
                .append("<th scope=\"col\">reference</th><th scope=\"col\">current</th><th scope=\"col\">PSI term</th>")
                .append("</tr></thead><tbody>");
        long nRef = CoarseHistogram.total(h.reference());
        long nCur = CoarseHistogram.total(h.current());
        double sum = 0;
        for (int i = 0; i < h.size(); i++) {
            b.append("<tr><td>").append(i + 1).append("</td><td>").append(Html.text(h.label(i))).append("</td><td class=\"num\">")
                    .append(h.reference()[i]).append(" (").append(Numbers.percent(h.reference()[i], nRef))
                    .append(")</td><td class=\"num\">").append(h.current()[i]).append(" (")
                    .append(Numbers.percent(h.current()[i], nCur)).append(")</td>");
            if (h.contributions() == null) {
                b.append("<td class=\"num\">-</td></tr>");
            } else {
                sum += h.contributions()[i];
                b.append("<td class=\"num\" data-value=\"").append(h.contributions()[i]).append("\">")
                        .append(Numbers.display(h.contributions()[i])).append("</td></tr>");
            }
        }
        b.append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">PSI (sum)</th><td class=\"num\" data-field=\"psiSum\" data-value=\"")
                .append(h.contributions() == null ? "" : String.valueOf(sum)).append("\">")
                .append(h.contributions() == null ? "-" : Numbers.display(sum)).append("</td></tr></tfoot></table>\n");
    }

    /**
     * The category chart and table, then the unseen categories by name: the caller's exact tally (the
     * offline report reads the file again), else the window's own top names from the JSON's
     * {@code quality.topUnseen} (the live page), whose counts may be up to {@code topUnseenError} low.
     */
    private static void categorical(StringBuilder b, String name, CategoryBars c, JsonNode quality) {
        b.append("<div class=\"charts\">");
        figure(b, SvgCharts.categories(name, c), "Reference vs current share per category (the chi-square columns)");
        b.append("</div>\n<table class=\"bins\"><caption>Categories of ").append(Html.text(name))
                .append("</caption><thead><tr><th scope=\"col\">category</th><th scope=\"col\">reference</th>")
                .append("<th scope=\"col\">current</th></tr></thead><tbody>");
        String[] rows = SvgCharts.rows(c);
        long[][] counts = SvgCharts.counts(c);
        for (int i = 0; i < rows.length; i++) {
            b.append("<tr><th scope=\"row\">").append(Html.text(rows[i])).append("</th><td class=\"num\">")
                    .append(counts[i][0]).append(" (").append(Numbers.percent(counts[i][0], c.referenceTotal()))
                    .append(")</td><td class=\"num\">").append(counts[i][1]).append(" (")
                    .append(Numbers.percent(counts[i][1], c.currentTotal())).append(")</td></tr>");
        }
        b.append("</tbody></table>\n");
        if (c.unseen() > 0) {
            b.append("<p class=\"unseen\">Unseen categories (").append(c.unseen()).append(" values)");
            Map<String, Long> names = c.unseenNames();
            long error = 0;
            if (names.isEmpty() && quality.path("topUnseen").size() > 0) {
                names = new LinkedHashMap<>();
                for (JsonNode top : quality.get("topUnseen")) {
                    names.put(top.get("value").asText(), top.get("count").asLong());
                }
                error = quality.path("topUnseenError").asLong();
            }
            if (names.isEmpty()) {
                b.append(".</p>\n");
                return;
            }
            b.append(", most frequent first");
            if (error > 0) {
                b.append(" (the window keeps the most frequent names only: each count may be up to ").append(error)
                        .append(" below the true one)");
            }
            b.append(":</p><ul class=\"unseen\">");
            for (Map.Entry<String, Long> e : names.entrySet()) {
                b.append("<li data-unseen=\"").append(Html.text(e.getKey())).append("\" data-value=\"").append(e.getValue())
                        .append("\"><code>").append(Html.text(e.getKey())).append("</code>: ").append(e.getValue())
                        .append("</li>");
            }
            b.append("</ul>\n");
        }
    }

    private static void figure(StringBuilder b, String svg, String caption) {
        b.append("<figure>").append(svg).append("<figcaption>").append(Html.text(caption)).append("</figcaption></figure>");
    }
}
