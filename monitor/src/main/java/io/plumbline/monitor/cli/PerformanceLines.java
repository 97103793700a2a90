package io.plumbline.monitor.cli;

import io.plumbline.monitor.quality.ClassifierPerformance;
import io.plumbline.monitor.quality.EstimatedPerformance;
import io.plumbline.monitor.quality.RegressorPerformance;
import io.plumbline.monitor.quality.WindowPerformance;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The text report's "model performance" section: rows predicted, labelled and unscorable, the realised
 * metrics over the labelled rows and, with a calibration map in the profile, the estimated ones (CBPE) over
 * all rows. The same numbers as the JSON report's {@code performance} object.
 */
final class PerformanceLines {
    private PerformanceLines() {
    }

    static void print(PerformanceColumns columns, WindowPerformance p, PrintStream out) {
        out.printf(Locale.ROOT, "model performance (outputs: %s; labels: %s)%n", String.join(", ", columns.outputs()),
                columns.label() == null ? "none" : columns.label());
        out.printf(Locale.ROOT, "rows: %d, labelled: %d, unscorable: %d%n", p.predictions(), p.labelled(),
                p.unscorable());
        if (p.unscorable() > 0) {
            out.println(p.classifier() != null
                    ? "unscorable: labels that are neither a class name " + p.classes()
                            + " nor a class index, or rows without finite outputs; not in the realised metrics"
                    : "unscorable: targets that are not finite numbers, or rows without a finite output;"
                            + " not in the realised metrics");
        }
        if (columns.label() == null) {
            out.println("realised: no label column (--labels COLUMN names it)");
        } else if (p.labelled() == 0) {
            out.println("realised: no labelled rows");
        } else if (p.classifier() != null) {
            ClassifierPerformance c = p.classifier();
            out.printf(Locale.ROOT, "realised: accuracy %s, log loss %s, Brier %s, ECE %s%n", number(c.accuracy()),
                    number(c.logLoss()), number(c.brier()), number(c.expectedCalibrationError()));
        } else {
            RegressorPerformance r = p.regressor();
            out.printf(Locale.ROOT, "realised: MAE %s, RMSE %s, bias %s%n", number(r.mae()), number(r.rmse()),
                    number(r.bias()));
        }
        EstimatedPerformance e = p.estimated();
        if (e != null) {
            out.printf(Locale.ROOT, "estimated (CBPE, %d rows with finite outputs): accuracy %s, ROC AUC %s%n",
                    e.rows(), number(e.accuracy()), number(e.macroRocAuc()));
        } else if (p.classifier() != null) {
            out.println("estimated: no calibration map in the reference profile (profile --label --probabilities)");
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
