package io.plumbline.monitor.driver;

import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.quality.WindowPerformance;
import java.util.ArrayList;
import java.util.List;

/**
 * When a window's realised performance is bad enough to call the retraining webhooks: a classifier's
 * accuracy below {@code minAccuracy}, a regressor's MAE above {@code maxMae}, each judged only on windows with
 * at least {@code minLabelled} labelled predictions (fewer: no verdict, as a drift test with too few values).
 *
 * @param minAccuracy null: no accuracy alert
 * @param maxMae null: no MAE alert
 */
public record PerformanceThresholds(Double minAccuracy, Double maxMae, long minLabelled) {
    /** The alert key of a metric, beside the features' names in the alert state: {@code performance.accuracy}. */
    public static final String PREFIX = "performance.";

    public static PerformanceThresholds none() {
        return new PerformanceThresholds(null, null, 1);
    }

    /** A judged metric of one window. */
    public record Check(String metric, double value, double threshold, Verdict verdict) {
    }

    /** The window's verdict for each configured threshold that applies to its model. */
    public List<Check> check(WindowPerformance p) {
        List<Check> checks = new ArrayList<>(2);
        boolean enough = p.labelled() >= minLabelled;
        if (minAccuracy != null && p.classifier() != null) {
            double a = p.classifier().accuracy();
            checks.add(new Check("accuracy", a, minAccuracy, !enough ? Verdict.INSUFFICIENT_DATA
                    : a < minAccuracy ? Verdict.DRIFT : Verdict.NO_DRIFT));
        }
        if (maxMae != null && p.regressor() != null) {
            double mae = p.regressor().mae();
            checks.add(new Check("mae", mae, maxMae, !enough ? Verdict.INSUFFICIENT_DATA
                    : mae > maxMae ? Verdict.DRIFT : Verdict.NO_DRIFT));
        }
        return checks;
    }
}
