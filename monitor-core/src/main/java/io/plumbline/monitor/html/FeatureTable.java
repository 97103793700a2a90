package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The table of features, drifted first: a plain HTML table that reads without JavaScript. Each number
 * cell carries the JSON value in {@code data-value} (the sort key for the script, and what tests compare
 * with the JSON report) and shows it rounded like the text report.
 */
final class FeatureTable {
    private FeatureTable() {
    }

    /** Feature indices (positions in the JSON array) in table order: drift, then no drift, then no verdict. */
    static List<Integer> order(JsonNode features) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> rank(features.get(i).get("verdict").asText())));
        return order;
    }

    static int rank(String verdict) {
        return switch (verdict) {
            case "drift" -> 0;
            case "no_drift" -> 1;
            default -> 2;
        };
    }

    static String verdictText(String verdict) {
        return switch (verdict) {
            case "drift" -> "▲ drift";
            case "no_drift" -> "no drift";
            default -> "insufficient data";
        };
    }

    /** The primary method's result object of a feature. */
    static JsonNode primary(JsonNode feature) {
        String primary = feature.get("primary").asText();
        for (JsonNode m : feature.get("methods")) {
            if (m.get("method").asText().equals(primary)) {
                return m;
            }
        }
        throw new IllegalArgumentException("feature " + feature.get("feature").asText() + " has no result for its primary method "
                + primary);
    }

    static String render(JsonNode features, Map<String, FeatureCharts> charts) {
        StringBuilder b = new StringBuilder();
        b.append("<div id=\"controls\" class=\"controls\" hidden>")
                .append("<label>Filter features <input id=\"filter\" type=\"search\" placeholder=\"name\"></label> ")
                .append("<label>Verdict <select id=\"verdict-filter\"><option value=\"\">all</option>")
                .append("<option value=\"drift\">drift</option><option value=\"no_drift\">no drift</option>")
                .append("<option value=\"insufficient_data\">insufficient data</option></select></label> ")
                .append("<span id=\"shown\" aria-live=\"polite\"></span></div>\n");
        b.append("<div class=\"scroll\"><table id=\"features\" class=\"features\"><caption>Features, drifted first. The statistic, bound,")
                .append(" p-value (after correction), threshold and verdict are those of the primary method.</caption>\n<thead><tr>");
        String[][] columns = {{"feature", "text"}, {"role", "text"}, {"kind", "text"}, {"method", "text"},
            {"statistic", "number"}, {"bound", "number"}, {"p-value", "number"}, {"threshold", "number"},
            {"verdict", "text"}, {"values", "number"}, {"missing", "number"}, {"invalid", "number"},
            {"out of range", "number"}, {"unseen", "number"}};
        for (String[] c : columns) {
            b.append("<th scope=\"col\" data-type=\"").append(c[1]).append("\">").append(c[0]).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int i : order(features)) {
            JsonNode f = features.get(i);
            String name = f.get("feature").asText();
            String verdict = f.get("verdict").asText();
            JsonNode p = primary(f);
            b.append("<tr class=\"v-").append(verdict).append("\" data-feature=\"").append(Html.text(name))
                    .append("\" data-verdict=\"").append(verdict).append("\">");
            b.append("<th scope=\"row\" data-value=\"").append(Html.text(name)).append("\"><a href=\"#")
                    .append(Html.featureId(i)).append("\">").append(Html.text(name)).append("</a></th>");
            text(b, "role", f.get("role").asText());
            text(b, "kind", f.get("kind").asText());
            text(b, "method", p.get("method").asText());
            number(b, "statistic", p.get("statistic"));
            number(b, "bound", p.get("bound"));
            number(b, "adjustedPValue", p.get("adjustedPValue"));
            number(b, "threshold", p.get("threshold"));
            b.append("<td data-field=\"verdict\" data-value=\"").append(verdict).append("\">")
                    .append(verdictText(verdict)).append("</td>");
            count(b, "count", f.get("count").asLong());
            count(b, "missing", f.get("missing").asLong());
            count(b, "invalid", f.get("invalid").asLong());
            CdfCurve cdf = charts.get(name) == null ? null : charts.get(name).cdf();
            if (cdf == null) {
                b.append("<td class=\"num\" data-field=\"outOfRange\" data-value=\"\">-</td>");
            } else {
                count(b, "outOfRange", cdf.belowCount() + cdf.aboveCount());
            }
            count(b, "unseen", f.get("unseen").asLong());
            b.append("</tr>\n");
        }
        return b.append("</tbody></table></div>\n").toString();
    }

    static void text(StringBuilder b, String field, String value) {
        b.append("<td data-field=\"").append(field).append("\" data-value=\"").append(Html.text(value)).append("\">")
                .append(Html.text(value)).append("</td>");
    }

    static void number(StringBuilder b, String field, JsonNode value) {
        b.append("<td class=\"num\" data-field=\"").append(field).append("\" data-value=\"")
                .append(Html.text(Numbers.raw(value))).append("\">").append(Numbers.display(value)).append("</td>");
    }

    static void count(StringBuilder b, String field, long value) {
        b.append("<td class=\"num\" data-field=\"").append(field).append("\" data-value=\"").append(value).append("\">")
                .append(value).append("</td>");
    }
}
