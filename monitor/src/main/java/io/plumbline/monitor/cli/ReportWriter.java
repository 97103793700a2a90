package io.plumbline.monitor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.InputNotes;
import io.plumbline.monitor.result.PValueNote;
import io.plumbline.monitor.window.DriftWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DriftReport} as an aligned text table or as JSON (NaN becomes null); with scored model
 * columns (not null) also the model's performance ({@link PerformanceLines}, JSON {@code performance}).
 */
final class ReportWriter {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final DriftJson driftJson = new DriftJson();

    void text(DriftReport report, DriftWindow window, CurrentData.Summary input, ReportGate.Outcome outcome,
            PerformanceColumns scored, TimeSlices.OverTime overTime, PrintStream out) {
        out.printf(Locale.ROOT, "rows: %d, alpha: %s, correction: %s%n", report.rows(), report.alpha(),
                report.correction().name().toLowerCase(Locale.ROOT));
        notes(input, out);
        String format = "%-20s %-15s %12s %10s %11s %11s %s%n";
        out.printf(Locale.ROOT, format, "feature", "method", "statistic", "bound", "p-value", "threshold", "drifted");
        for (FeatureDrift f : report.features()) {
            for (MethodResult r : f.results()) {
                String name = r.method() == f.primary() ? f.feature() : "";
                out.printf(Locale.ROOT, format, name, r.method().label() + (r.method() == f.primary() ? " *" : ""),
                        number(r.statistic()), number(r.bound()), number(r.adjustedPValue()), number(r.threshold()),
                        verdict(r.verdict()));
            }
            if (f.missing() + f.invalid() + f.unseen() > 0) {
                out.printf(Locale.ROOT, "%-20s values: %d, missing: %d, invalid: %d, unseen categories: %d%n", "",
                        f.count(), f.missing(), f.invalid(), f.unseen());
            }
            QualityLine.print(window.feature(f.feature()), out);
        }
        out.println("* primary method (its verdict is the feature's)");
        out.println(pValueNote(report));
        List<String> undecided = report.features().stream().filter(f -> f.verdict() == Verdict.INSUFFICIENT_DATA)
                .map(FeatureDrift::feature).toList();
        if (!undecided.isEmpty()) {
            out.println("no verdict (insufficient data) for: " + String.join(", ", undecided));
        }
        out.println(report.anyDrift() ? "drift in: " + String.join(", ", report.driftedFeatures()) : "no drift");
        if (overTime != null) {
            overTime(report, overTime, out);
        }
        if (scored != null) {
            PerformanceLines.print(scored, window.performance(), out);
        }
        for (String problem : outcome.problems()) {
            out.println("incomplete report: " + problem);
        }
        if (outcome.exitCode() == Main.INCOMPLETE) {
            out.println("exit code " + Main.INCOMPLETE + ": the report could not decide; --allow-incomplete accepts it");
        }
    }

    /** Per feature, one line per time window: the primary method's result there. */
    private static void overTime(DriftReport report, TimeSlices.OverTime overTime, PrintStream out) {
        out.printf(Locale.ROOT, "drift over time: %s in %s windows (primary method; p-values corrected within each"
                + " window)%n", overTime.column(), overTime.length());
        String format = "%-20s %-20s %8s %12s %11s %11s %s%n";
        out.printf(Locale.ROOT, format, "feature", "window start", "values", "statistic", "p-value", "threshold", "drifted");
        for (FeatureDrift whole : report.features()) {
            String name = whole.feature();
            for (TimeSlices.Slice s : overTime.slices()) {
                FeatureDrift f = s.report().feature(whole.feature());
                MethodResult r = f.result(f.primary());
                out.printf(Locale.ROOT, format, name, s.start(), f.count(), number(r.statistic()),
                        number(r.adjustedPValue()), number(r.threshold()), verdict(f.verdict()));
                name = "";
            }
        }
    }

    private static String verdict(Verdict v) {
        return switch (v) {
            case DRIFT -> "yes";
            case NO_DRIFT -> "no";
            case INSUFFICIENT_DATA -> "insufficient data";
        };
    }

    static String pValueNote(DriftReport report) {
        return PValueNote.of(report, "--correction none");
    }

    private static void notes(CurrentData.Summary input, PrintStream out) {
        if (!input.unknownColumns().isEmpty()) {
            out.println("ignored columns not in the reference: " + input.unknownColumns());
        }
        if (!input.unselectedColumns().isEmpty()) {
            out.println("ignored columns not selected with --features: " + input.unselectedColumns());
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

    void json(DriftReport report, DriftWindow window, CurrentData.Summary input, ReportGate.Outcome outcome,
            PerformanceColumns scored, TimeSlices.OverTime overTime, PrintStream out) throws IOException {
        out.println(mapper.writeValueAsString(tree(report, window, input, outcome, scored, overTime)));
    }

    /**
     * The JSON report as a tree: what {@link #json} prints, and what the HTML report shows. With
     * {@code overTime} (null: none) it has an {@code overTime} object (column, window, and per time window
     * start, end, rows and drifted features) and each feature a {@code windows} array
     * ({@link DriftJson#timeWindow}).
     */
    ObjectNode tree(DriftReport report, DriftWindow window, CurrentData.Summary input, ReportGate.Outcome outcome,
            PerformanceColumns scored, TimeSlices.OverTime overTime) {
        InputNotes notes = new InputNotes(input.unknownColumns(), input.unselectedColumns(), input.absentFeatures(),
                input.malformedRows());
        ObjectNode root = driftJson.report(mapper.createObjectNode(), report, window, notes, outcome.problems(),
                pValueNote(report), outcome.exitCode());
        if (scored != null) {
            driftJson.performance(root.putObject("performance"), window.performance());
        }
        if (overTime != null) {
            ObjectNode o = root.putObject("overTime").put("column", overTime.column()).put("window", overTime.length());
            ArrayNode windows = o.putArray("windows");
            for (TimeSlices.Slice s : overTime.slices()) {
                windows.addObject().put("start", s.start().toString()).put("end", s.end().toString())
                        .put("rows", s.report().rows()).putPOJO("driftedFeatures", s.report().driftedFeatures());
            }
            int i = 0;
            for (FeatureDrift f : report.features()) {
                ArrayNode own = ((ObjectNode) root.get("features").get(i++)).putArray("windows");
                for (TimeSlices.Slice s : overTime.slices()) {
                    driftJson.timeWindow(own.addObject(), s.start(), s.end(), s.report().rows(),
                            s.report().feature(f.feature()));
                }
            }
        }
        return root;
    }
}
