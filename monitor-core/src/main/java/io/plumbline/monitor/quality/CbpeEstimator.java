package io.plumbline.monitor.quality;

import io.plumbline.events.profile.CalibrationMap;
import io.plumbline.events.profile.ClassCalibration;
import java.util.List;

/**
 * Confidence-based performance estimation: reads a live row's predicted probabilities through the
 * reference profile's {@link CalibrationMap} and adds it to an {@link EstimatedPerformance} window.
 *
 * <p>Each class is calibrated one-vs-rest, then the row is divided by its sum so the calibrated classes
 * again sum to 1 (scikit-learn's CalibratedClassifierCV does the same for multiclass); a row whose
 * calibrated values are all 0 keeps its raw probabilities. The predicted class is the argmax of the raw
 * probabilities (lowest index on a tie): that is what the model answered, and an isotonic map can tie
 * classes that the model kept apart.
 */
public final class CbpeEstimator {
    private final List<ClassCalibration> curves;

    public CbpeEstimator(CalibrationMap map) {
        if (map == null) {
            throw new IllegalArgumentException("a calibration map is required: the reference profile has none");
        }
        curves = map.classes();
    }

    public int classes() {
        return curves.size();
    }

    public EstimatedPerformance newWindow() {
        return new EstimatedPerformance(curves.size());
    }

    /** The calibrated, renormalised probabilities of one row (in class order). */
    public double[] calibrate(double[] probabilities) {
        if (probabilities == null || probabilities.length != curves.size()) {
            throw new IllegalArgumentException("expected " + curves.size() + " probabilities, got "
                    + (probabilities == null ? "none" : probabilities.length));
        }
        double[] c = new double[probabilities.length];
        double sum = 0;
        for (int k = 0; k < c.length; k++) {
            c[k] = curves.get(k).apply(probabilities[k]);
            sum += c[k];
        }
        if (!(sum > 0)) {
            return probabilities.clone();
        }
        for (int k = 0; k < c.length; k++) {
            c[k] /= sum;
        }
        return c;
    }

    /** Adds one row of predicted probabilities to {@code window}. */
    public void add(EstimatedPerformance window, double[] probabilities) {
        double[] c = calibrate(probabilities);
        window.add(c, argmax(probabilities));
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
