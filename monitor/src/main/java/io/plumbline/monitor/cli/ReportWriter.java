package io.plumbline.monitor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.result.DriftJson;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Renders a {@link DriftReport} as an aligned text table or as JSON (NaN becomes null). */
final class ReportWriter {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final DriftJson driftJson = new DriftJson();

    void text(DriftReport report, CurrentData.Summary input, PrintStream out) {
        out.printf(Locale.ROOT, "rows: %d, alpha: %s, correction: %s%n", report.rows(), report.alpha(),
                report.correction().name().toLowerCase(Locale.ROOT));
        notes(input, out);
        String format = "%-20s %-15s %12s %10s %11s %11s %-17s%n";
        out.printf(Locale.ROOT, format, "feature", "method", "statistic", "bound", "p-value", "threshold", "drifted");
        for (FeatureDrift f : report.features()) {
            for (MethodResult r : f.results()) {
                String name = r.method() == f.primary() ? f.feature() : "";
                String verdict = switch (r.verdict()) {
                    case DRIFT -> "yes";
                    case NO_DRIFT -> "no";
                    case INSUFFICIENT_DATA -> "insufficient data";
                };
                out.printf(Locale.ROOT, format, name, r.method().label() + (r.method() == f.primary() ? " *" : ""),
                        number(r.statistic()), number(r.bound()), number(r.adjustedPValue()), number(r.threshold()),
                        verdict);
            }
            if (f.missing() + f.invalid() + f.unseen() > 0) {
                out.printf(Locale.ROOT, "%-20s values: %d, missing: %d, invalid: %d, unseen categories: %d%n", "",
                        f.count(), f.missing(), f.invalid(), f.unseen());
            }
        }
        out.println("* primary method (its verdict is the feature's); p-values are after the correction");
        List<String> undecided = report.features().stream().filter(f -> f.verdict() == Verdict.INSUFFICIENT_DATA)
                .map(FeatureDrift::feature).toList();
        if (!undecided.isEmpty()) {
            out.println("no verdict (insufficient data) for: " + String.join(", ", undecided));
        }
        out.println(report.anyDrift() ? "drift in: " + String.join(", ", report.driftedFeatures()) : "no drift");
    }

    private static void notes(CurrentData.Summary input, PrintStream out) {
        if (!input.unknownColumns().isEmpty()) {
            out.println("ignored columns not in the reference: " + input.unknownColumns());
        }
        if (!input.absentFeatures().isEmpty()) {
            out.println("reference features absent from the current data: " + input.absentFeatures());
        }
        if (input.malformedRows() > 0) {
            out.println("malformed rows (wrong cell count or bad JSON): " + input.malformedRows());
        }
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    void json(DriftReport report, CurrentData.Summary input, PrintStream out) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("rows", report.rows());
        root.put("alpha", report.alpha());
        root.put("correction", report.correction().name().toLowerCase(Locale.ROOT));
        root.put("drift", report.anyDrift());
        root.putPOJO("driftedFeatures", report.driftedFeatures());
        root.putPOJO("ignoredColumns", input.unknownColumns());
        root.putPOJO("absentFeatures", input.absentFeatures());
        root.put("malformedRows", input.malformedRows());
        root.set("features", driftJson.features(report.features()));
        out.println(mapper.writeValueAsString(root));
    }
}
