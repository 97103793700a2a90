package io.plumbline.monitor.result;

import io.plumbline.monitor.drift.Correction;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.Method;
import io.plumbline.monitor.drift.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which p-values a report shows corrected, in one line: the offline report's and the live page's. Only KS
 * and chi-square verdicts use p-values, so only they are corrected, each across the features where it
 * reached a verdict; the PSI p-value is informative and shown as computed. A correction across one
 * feature changes nothing, and the note says so rather than claim a correction.
 */
public final class PValueNote {
    private PValueNote() {
    }

    /** @param noCorrection how the user chose no correction, e.g. {@code --correction none} */
    public static String of(DriftReport report, String noCorrection) {
        List<String> parts = new ArrayList<>();
        String correction = report.correction().name().toLowerCase(Locale.ROOT);
        for (Method method : new Method[] {Method.KS, Method.CHI_SQUARE}) {
            long m = report.features().stream().flatMap(f -> f.results().stream())
                    .filter(r -> r.method() == method && r.verdict() != Verdict.INSUFFICIENT_DATA).count();
            if (m == 0) {
                continue;
            }
            if (report.correction() == Correction.NONE) {
                parts.add(method.label() + " not corrected (" + noCorrection + ")");
            } else if (m == 1) {
                parts.add(method.label() + " not corrected (one feature, nothing to correct)");
            } else {
                parts.add(method.label() + " corrected across " + m + " features (" + correction + ")");
            }
        }
        if (report.features().stream().flatMap(f -> f.results().stream())
                .anyMatch(r -> r.method() == Method.PSI && !Double.isNaN(r.pValue()))) {
            parts.add("psi not corrected (informative only)");
        }
        return parts.isEmpty() ? "p-values: none computed" : "p-values: " + String.join("; ", parts);
    }
}
