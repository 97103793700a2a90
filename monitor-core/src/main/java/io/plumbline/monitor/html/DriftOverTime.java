package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A feature's drift per time window ({@code report --time-column}): its primary method's statistic in
 * each window as a line, each point marked by the window's verdict, and a table of the same numbers (the
 * chart's text alternative, each cell with its JSON value in {@code data-value}). Read from the feature's
 * {@code windows} array of the JSON report, so the chart, the table and the JSON cannot disagree (a
 * window ends where the next starts, its length in the caption, so the table leaves the end out). The
 * verdict's mark differs in shape, not only in colour: a filled triangle for drift, a filled circle for
 * no drift, a hollow square for a window with too few values. A threshold line is drawn only where the
 * verdict compares the statistic with it (PSI, Wasserstein, Jensen-Shannon); KS and chi-square decide on
 * the p-value, which the table shows.
 */
final class DriftOverTime {
    private static final String GREY = "#767676";

    private DriftOverTime() {
    }

    /** The figure and table of one feature, or nothing when the report has no time windows ({@code overTime} null). */
    static String render(String feature, JsonNode overTime, JsonNode windows) {
        if (windows == null || overTime == null || windows.isEmpty()) {
            return "";
        }
        String column = overTime.get("column").asText();
        String length = overTime.get("window").asText();
        String method = windows.get(0).get("method").asText();
        int drifted = 0;
        for (JsonNode w : windows) {
            drifted += w.get("verdict").asText().equals("drift") ? 1 : 0;
        }
        String what = method + " statistic of " + feature + " per " + length + " window of " + column + ": drift in "
                + drifted + " of " + windows.size() + " windows";
        StringBuilder b = new StringBuilder("<div class=\"over-time\" data-windows=\"").append(windows.size())
                .append("\"><figure>").append(chart(what + "; the table below lists each window", method, windows))
                .append("<figcaption>").append(Html.text("Drift over time: " + what
                        + ". ▲ drift, ● no drift, □ too few values for a verdict.")).append("</figcaption></figure>\n");
        table(b, feature, length, windows);
        return b.append("</div>\n").toString();
    }

    private static String chart(String description, String method, JsonNode windows) {
        boolean threshold = !method.equals("ks") && !method.equals("chi_square");
        double max = 0;
        for (JsonNode w : windows) {
            max = Math.max(max, value(w.get("statistic")));
            if (threshold) {
                max = Math.max(max, value(w.get("threshold")));
            }
        }
        max = max == 0 ? 1 : max;
        StringBuilder b = SvgCharts.open("overtime", description);
        SvgCharts.axes(b, max, false);
        int n = windows.size();
        double slot = (double) (SvgCharts.W - SvgCharts.LEFT - SvgCharts.RIGHT) / n;
        StringBuilder line = new StringBuilder();
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < n; i++) {
            JsonNode w = windows.get(i);
            double x = SvgCharts.LEFT + (i + 0.5) * slot;
            JsonNode stat = w.get("statistic");
            if (threshold && w.get("threshold").isNumber()) {
                double ty = y(w.get("threshold").asDouble(), max);
                b.append(String.format(Locale.ROOT, "<path d=\"M%d %dH%d\" stroke=\"%s\" stroke-width=\"3\" stroke-dasharray=\"10 6\"/>",
                        SvgCharts.r(x - slot / 2), SvgCharts.r(ty), SvgCharts.r(x + slot / 2), GREY));
            }
            if (!stat.isNumber()) {
                flush(line, points); // no statistic (an empty window): the line breaks
                continue;
            }
            double y = y(stat.asDouble(), max);
            points.append(points.length() == 0 ? "" : " ").append(SvgCharts.r(x)).append(',').append(SvgCharts.r(y));
            // No <title> per point: the table below is the text alternative, and a page of 100 features
            // by 30 windows would carry 3000 of them.
            marks.append(mark(x, y, w.get("verdict").asText()));
        }
        flush(line, points);
        b.append(line).append(marks);
        SvgCharts.label(b, SvgCharts.LEFT, SvgCharts.H - SvgCharts.BOTTOM + 30, day(windows.get(0)), "start");
        if (n > 1) {
            SvgCharts.label(b, SvgCharts.W - SvgCharts.RIGHT, SvgCharts.H - SvgCharts.BOTTOM + 30, day(windows.get(n - 1)), "end");
        }
        SvgCharts.label(b, (SvgCharts.W + SvgCharts.LEFT) / 2.0, SvgCharts.H - 8, "window start", "middle");
        int lx = SvgCharts.W - SvgCharts.RIGHT - 560;
        b.append(mark(lx, 18, "drift")).append(mark(lx + 160, 18, "no_drift")).append(mark(lx + 370, 18, "insufficient_data"));
        SvgCharts.label(b, lx + 20, 27, "drift", "start");
        SvgCharts.label(b, lx + 180, 27, "no drift", "start");
        SvgCharts.label(b, lx + 390, 27, "too few", "start");
        return b.append("</svg>").toString();
    }

    private static void flush(StringBuilder line, StringBuilder points) {
        if (points.length() > 0) {
            line.append("<polyline fill=\"none\" stroke=\"").append(SvgCharts.REFERENCE)
                    .append("\" stroke-width=\"4\" points=\"").append(points).append("\"/>");
            points.setLength(0);
        }
    }

    private static String mark(double x, double y, String verdict) {
        long cx = SvgCharts.r(x);
        long cy = SvgCharts.r(y);
        return switch (verdict) {
            case "drift" -> String.format(Locale.ROOT, "<path d=\"M%d %dl12 21h-24z\" fill=\"%s\"/>", cx, cy - 14, SvgCharts.KS);
            case "no_drift" -> String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"10\" fill=\"%s\"/>", cx, cy, SvgCharts.REFERENCE);
            default -> String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" fill=\"#fff\" stroke=\"%s\""
                    + " stroke-width=\"4\"/>", cx - 9, cy - 9, GREY);
        };
    }

    private static void table(StringBuilder b, String feature, String length, JsonNode windows) {
        b.append("<table class=\"windows\"><caption>").append(Html.text(feature)).append(" per ").append(Html.text(length))
                .append(" window (p-values corrected across the features of each window)</caption><thead><tr>")
                .append("<th scope=\"col\">window start</th><th scope=\"col\">values</th>")
                .append("<th scope=\"col\">statistic</th><th scope=\"col\">p-value</th><th scope=\"col\">threshold</th>")
                .append("<th scope=\"col\">verdict</th></tr></thead><tbody>");
        for (JsonNode w : windows) {
            String verdict = w.get("verdict").asText();
            b.append("<tr class=\"v-").append(verdict).append("\" data-window=\"").append(Html.text(w.get("start").asText()))
                    .append("\"><th scope=\"row\">").append(Html.text(w.get("start").asText())).append("</th>");
            FeatureTable.count(b, "count", w.get("count").asLong());
            FeatureTable.number(b, "statistic", w.get("statistic"));
            FeatureTable.number(b, "adjustedPValue", w.get("adjustedPValue"));
            FeatureTable.number(b, "threshold", w.get("threshold"));
            b.append("<td data-field=\"verdict\" data-value=\"").append(verdict).append("\">")
                    .append(FeatureTable.verdictText(verdict)).append("</td></tr>");
        }
        b.append("</tbody></table>\n");
    }

    private static double value(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : 0;
    }

    private static double y(double v, double max) {
        return SvgCharts.H - SvgCharts.BOTTOM - v / max * (SvgCharts.H - SvgCharts.TOP - SvgCharts.BOTTOM);
    }

    /** A window start as a label: the date alone when the window starts at midnight UTC. */
    private static String day(JsonNode w) {
        String s = w.get("start").asText();
        return s.endsWith("T00:00:00Z") ? s.substring(0, 10) : s;
    }
}
