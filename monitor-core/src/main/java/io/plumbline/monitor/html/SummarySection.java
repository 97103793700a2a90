package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary at the top: the verdict in one line, the sizes and settings, drifted inputs and outputs
 * apart (the profile knows each column's role), and every data-quality warning the JSON report carries,
 * including why a report is incomplete.
 */
final class SummarySection {
    private SummarySection() {
    }

    static String render(JsonNode report, long referenceRows) {
        JsonNode features = report.get("features");
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<String> driftedInputs = new ArrayList<>();
        List<String> driftedOutputs = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (JsonNode f : features) {
            boolean output = f.get("role").asText().equals("output");
            String name = f.get("feature").asText();
            (output ? outputs : inputs).add(name);
            if (f.get("verdict").asText().equals("drift")) {
                (output ? driftedOutputs : driftedInputs).add(name);
            } else if (f.get("verdict").asText().equals("insufficient_data")) {
                undecided.add(name);
            }
        }
        boolean complete = report.get("complete").asBoolean();
        StringBuilder b = new StringBuilder("<section id=\"summary\" aria-labelledby=\"summary-h\">")
                .append("<h2 id=\"summary-h\">Summary</h2>\n");
        String headline = report.get("drift").asBoolean()
                ? "Drift in " + (driftedInputs.size() + driftedOutputs.size()) + " of " + features.size() + " features"
                : complete ? "No drift in " + features.size() + " features" : "No drift found, but the report is incomplete";
        b.append("<p class=\"headline ").append(report.get("drift").asBoolean() ? "drift" : complete ? "ok" : "incomplete")
                .append("\" id=\"headline\">").append(Html.text(headline));
        if (report.has("exitCode")) {
            // The CLI's exit code; a live window has none.
            b.append(" (exit code ").append(report.get("exitCode").asInt()).append(')');
        }
        b.append("</p>\n<dl class=\"facts\">");
        fact(b, "rows", "current rows", report.get("rows").asText());
        fact(b, "referenceRows", "reference rows", String.valueOf(referenceRows));
        fact(b, "features", "features", features.size() + " (" + inputs.size() + " inputs, " + outputs.size() + " outputs)");
        fact(b, "driftedInputs", "drifted inputs", list(driftedInputs, inputs.isEmpty() ? "no inputs profiled" : "none"));
        fact(b, "driftedOutputs", "drifted outputs", list(driftedOutputs, outputs.isEmpty() ? "no outputs profiled" : "none"));
        fact(b, "alpha", "alpha", report.get("alpha").asText());
        fact(b, "correction", "correction", report.get("correction").asText());
        JsonNode overTime = report.get("overTime");
        if (overTime != null) {
            int drifting = 0;
            for (JsonNode w : overTime.get("windows")) {
                drifting += w.get("driftedFeatures").isEmpty() ? 0 : 1;
            }
            fact(b, "overTime", "over time", overTime.get("windows").size() + " windows of " + overTime.get("window")
                    .asText() + " by " + overTime.get("column").asText() + ", drift in " + drifting);
        }
        b.append("</dl>\n<p class=\"note\" data-fact=\"pValues\">").append(Html.text(report.get("pValues").asText()))
                .append("</p>\n<h3>Data quality</h3>\n<ul id=\"warnings\">");
        List<String> warnings = new ArrayList<>();
        for (JsonNode problem : report.get("incomplete")) {
            warnings.add("incomplete report: " + problem.asText());
        }
        if (!undecided.isEmpty()) {
            warnings.add("no verdict (insufficient data) for: " + String.join(", ", undecided));
        }
        for (JsonNode f : features) {
            List<String> parts = new ArrayList<>();
            add(parts, f.get("missing").asLong(), "missing");
            add(parts, f.get("invalid").asLong(), "invalid (not a finite number)");
            add(parts, f.get("unseen").asLong(), "of categories the reference never saw");
            if (!parts.isEmpty()) {
                warnings.add(f.get("feature").asText() + ": " + String.join(", ", parts));
            }
        }
        columns(warnings, report, "absentFeatures", "reference features absent from the current data: ");
        columns(warnings, report, "ignoredColumns", "ignored columns not in the reference: ");
        columns(warnings, report, "unselectedColumns", "ignored columns not selected with --features: ");
        if (report.get("malformedRows").asLong() > 0) {
            warnings.add("malformed rows (wrong cell count or bad JSON): " + report.get("malformedRows").asLong());
        }
        if (warnings.isEmpty()) {
            warnings.add("none: no missing, invalid or unseen values");
        }
        for (String w : warnings) {
            b.append("<li").append(w.startsWith("incomplete") ? " class=\"problem\"" : "").append('>')
                    .append(Html.text(w)).append("</li>");
        }
        return b.append("</ul>\n</section>\n").toString();
    }

    private static void fact(StringBuilder b, String id, String term, String value) {
        b.append("<div><dt>").append(term).append("</dt><dd data-fact=\"").append(id).append("\">")
                .append(Html.text(value)).append("</dd></div>");
    }

    private static String list(List<String> names, String none) {
        return names.isEmpty() ? none : String.join(", ", names);
    }

    private static void add(List<String> parts, long n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }

    private static void columns(List<String> warnings, JsonNode report, String field, String prefix) {
        List<String> names = new ArrayList<>();
        report.get(field).forEach(n -> names.add(n.asText()));
        if (!names.isEmpty()) {
            warnings.add(prefix + String.join(", ", names));
        }
    }
}
