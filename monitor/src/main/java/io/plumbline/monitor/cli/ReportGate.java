package io.plumbline.monitor.cli;

import io.plumbline.monitor.drift.DriftReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What a CI gate should make of a report. Drift fails the gate whatever else is wrong. Without drift, a
 * report that could not look (no feature reached a verdict, or reference features missing from the
 * current data) is not a pass: it exits {@link Main#INCOMPLETE} so that a pipeline built on "exit 0 =
 * fine" does not pass silently, unless the user said {@code --allow-incomplete}.
 */
final class ReportGate {

    /** The exit code and, when the report is incomplete, why (one sentence each). */
    record Outcome(int exitCode, List<String> problems, boolean allowed) {
        Outcome {
            problems = List.copyOf(problems);
        }
    }

    private ReportGate() {
    }

    static Outcome judge(DriftReport report, CurrentData.Summary input, long minCount, boolean allowIncomplete) {
        List<String> problems = new ArrayList<>();
        if (report.noVerdict()) {
            problems.add("no feature reached a verdict: each needs at least " + minCount
                    + " values in the current data (--min-count), and the current data has " + input.rows() + " rows");
        }
        if (!input.absentFeatures().isEmpty()) {
            problems.add("reference features missing from the current data: " + String.join(", ", input.absentFeatures()));
        }
        int code;
        if (report.anyDrift()) {
            code = Main.DRIFT;
        } else if (!problems.isEmpty() && !allowIncomplete) {
            code = Main.INCOMPLETE;
        } else {
            code = Main.NO_DRIFT;
        }
        return new Outcome(code, problems, allowIncomplete);
    }
}
