package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * "Model quality", when the JSON report has a {@code performance} object (the offline report with the
 * model's outputs in the current data; the live page of a model with profiled outputs): predictions,
 * labelled, coverage (labelled over predictions, as the {@code model_feedback_coverage} gauge) and
 * unscorable, then the realised metrics (over the labelled predictions) beside the estimated ones (CBPE,
 * over every prediction, with a calibration map in the profile), each cell with its JSON value in
 * {@code data-value}. Nothing when the report has none.
 */
final class PerformanceSection {
    private static final Map<String, String> REALISED = Map.of("accuracy", "accuracy", "logLoss", "log loss",
            "brier", "Brier score", "ece", "expected calibration error", "mae", "MAE", "rmse", "RMSE", "bias", "bias");

    private PerformanceSection() {
    }

    static String render(JsonNode report) {
        JsonNode p = report.get("performance");
        if (p == null || p.isNull()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<section id=\"performance\" aria-labelledby=\"performance-h\">")
                .append("<h2 id=\"performance-h\">Model quality</h2>\n<dl class=\"facts\">");
        long predictions = p.path("predictions").asLong();
        long labelled = p.path("labelled").asLong();
        fact(b, "predictions", String.valueOf(predictions), String.valueOf(predictions));
        fact(b, "labelled", String.valueOf(labelled), String.valueOf(labelled));
        fact(b, "coverage", predictions == 0 ? "" : String.valueOf((double) labelled / predictions),
                Numbers.percent(labelled, predictions));
        fact(b, "unscorable", p.path("unscorable").asText(), p.path("unscorable").asText());
        b.append("</dl>\n<p class=\"note\">Realised: over the labelled predictions. Estimated (CBPE): over every")
                .append(" prediction, from its probabilities through the reference's calibration map");
        if (p.path("realised").has("mae")) {
            b.append("; classifiers only, so none for this regressor");
        } else if (!p.has("estimated")) {
            b.append("; none here, the reference profile has no calibration map (profile --label, see QUALITY.md)");
        }
        b.append(".</p>\n<table><thead><tr><th scope=\"col\">metric</th><th scope=\"col\">realised</th>")
                .append("<th scope=\"col\">estimated (CBPE)</th></tr></thead><tbody>");
        JsonNode realised = p.path("realised");
        JsonNode estimated = p.path("estimated");
        // Field order of the JSON, the realised metrics first; ROC AUC is estimated only.
        for (String field : new String[] {"accuracy", "logLoss", "brier", "ece", "mae", "rmse", "bias", "rocAuc"}) {
            if (!realised.has(field) && !estimated.has(field)) {
                continue;
            }
            b.append("<tr><th scope=\"row\">").append(REALISED.getOrDefault(field, "ROC AUC (macro)")).append("</th>");
            cell(b, "realised." + field, realised.get(field));
            cell(b, "estimated." + field, estimated.get(field));
            b.append("</tr>");
        }
        return b.append("</tbody></table>\n</section>\n").toString();
    }

    /** A count or ratio: {@code data-value} holds the number, the text what a person reads. */
    private static void fact(StringBuilder b, String name, String value, String text) {
        b.append("<div><dt>").append(name).append("</dt><dd data-fact=\"").append(name).append("\" data-value=\"")
                .append(Html.text(value)).append("\">").append(Html.text(text)).append("</dd></div>");
    }

    private static void cell(StringBuilder b, String field, JsonNode value) {
        b.append("<td class=\"num\" data-field=\"").append(field).append("\" data-value=\"")
                .append(Html.text(Numbers.raw(value))).append("\">").append(Html.text(Numbers.display(value)))
                .append("</td>");
    }
}
