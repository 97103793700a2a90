package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The model's performance, when the JSON report has a {@code performance} object (the offline report with
 * the model's outputs in the current data): rows, labelled and unscorable, then the realised and estimated
 * metrics, each cell with its JSON value in {@code data-value}. Nothing when the report has none.
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
                .append("<h2 id=\"performance-h\">Model performance</h2>\n<dl class=\"facts\">");
        for (String count : new String[] {"predictions", "labelled", "unscorable"}) {
            b.append("<div><dt>").append(count).append("</dt><dd data-fact=\"").append(count).append("\">")
                    .append(p.path(count).asLong()).append("</dd></div>");
        }
        b.append("</dl>\n<table><thead><tr><th scope=\"col\">metric</th><th scope=\"col\">realised</th>")
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

    private static void cell(StringBuilder b, String field, JsonNode value) {
        b.append("<td class=\"num\" data-field=\"").append(field).append("\" data-value=\"")
                .append(Html.text(Numbers.raw(value))).append("\">").append(Html.text(Numbers.display(value)))
                .append("</td>");
    }
}
