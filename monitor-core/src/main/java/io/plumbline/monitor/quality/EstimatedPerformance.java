package io.plumbline.monitor.quality;

import java.util.Arrays;

/**
 * Estimated (label-free) performance of a probabilistic classifier over one window: the CBPE sums of
 * NannyML ("Estimation of Performance of the Monitored Model", docs/how_it_works/performance_estimation.rst,
 * https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html), fed with calibrated
 * probabilities by {@link CbpeEstimator}.
 *
 * <p>With c the calibrated probability vector of a row and ŷ the model's predicted class:
 * <ul>
 *   <li>estimated accuracy = mean over rows of c_ŷ: a calibrated c_ŷ is the chance that the prediction is right;
 *   <li>estimated ROC AUC of class k (one-vs-rest): each row counts as c_k of a positive and 1 − c_k of a
 *       negative. For a threshold t, expected TP(t) = Σ_{c_k ≥ t} c_k, FP(t) = Σ_{c_k ≥ t} (1 − c_k); TPR =
 *       TP / Σ c_k and FPR = FP / Σ (1 − c_k). The curve runs from (0, 0) over every threshold, highest first,
 *       to (1, 1); the AUC is its trapezoid area. Undefined (NaN) when Σ c_k or Σ (1 − c_k) is 0.
 *   <li>macro ROC AUC = mean of the classes' AUCs that are defined. For two classes whose calibrated
 *       probabilities sum to 1 both one-vs-rest curves are the same curve, so this is the binary AUC.
 * </ul>
 *
 * <p>Memory: so that a window merges and persists in fixed size, thresholds are the {@link #BINS} equal-width
 * bins of c_k rather than each distinct value; rows within one bin share a threshold (a tie). Per class that is a
 * count and a sum per bin, 1000 × 16 bytes, written sparsely by {@link QualityCodec}. Against the exact
 * per-value curve the difference is at most the tie area inside bins; the test measures it below 1e-3 on 2000
 * random rows.
 */
public final class EstimatedPerformance {
    /** Threshold bins of the calibrated probability for the ROC curve. */
    public static final int BINS = 1000;

    private final int classes;
    private long rows;
    private double confidence;
    private final long[] counts;
    private final double[] sums;

    public EstimatedPerformance(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier has at least 2 classes, was " + classes);
        }
        this.classes = classes;
        counts = new long[classes * BINS];
        sums = new double[classes * BINS];
    }

    /** Adds one row: its calibrated class probabilities and the class the model predicted. */
    public void add(double[] calibrated, int predictedClass) {
        if (calibrated == null || calibrated.length != classes) {
            throw new IllegalArgumentException("expected " + classes + " calibrated probabilities");
        }
        if (predictedClass < 0 || predictedClass >= classes) {
            throw new IllegalArgumentException("predicted class must be in [0, " + classes + "), was "
                    + predictedClass);
        }
        rows++;
        confidence += calibrated[predictedClass];
        for (int k = 0; k < classes; k++) {
            double c = calibrated[k];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("calibrated probability " + k + " must lie in [0, 1], was " + c);
            }
            int cell = k * BINS + Math.min((int) (c * BINS), BINS - 1);
            counts[cell]++;
            sums[cell] += c;
        }
    }

    public void merge(EstimatedPerformance other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot merge " + other.classes + " classes into " + classes);
        }
        rows += other.rows;
        confidence += other.confidence;
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
            sums[i] += other.sums[i];
        }
    }

    public int classes() {
        return classes;
    }

    public long rows() {
        return rows;
    }

    /** Estimated accuracy: mean calibrated probability of the predicted class; NaN when empty. */
    public double accuracy() {
        return rows == 0 ? Double.NaN : confidence / rows;
    }

    /** Estimated one-vs-rest ROC AUC of class {@code k}; NaN when undefined. */
    public double rocAuc(int k) {
        if (k < 0 || k >= classes) {
            throw new IllegalArgumentException("class must be in [0, " + classes + "), was " + k);
        }
        double positives = 0;
        double negatives = 0;
        for (int b = 0; b < BINS; b++) {
            positives += sums[k * BINS + b];
            negatives += counts[k * BINS + b] - sums[k * BINS + b];
        }
        if (!(positives > 0) || !(negatives > 0)) {
            return Double.NaN;
        }
        double tp = 0;
        double fp = 0;
        double area = 0;
        for (int b = BINS - 1; b >= 0; b--) {
            int cell = k * BINS + b;
            if (counts[cell] == 0) {
                continue;
            }
            double tpr0 = tp / positives;
            double fpr0 = fp / negatives;
            tp += sums[cell];
            fp += counts[cell] - sums[cell];
            area += (fp / negatives - fpr0) * (tp / positives + tpr0) / 2;
        }
        return area;
    }

    /** Mean of the defined one-vs-rest AUCs; NaN when none is. */
    public double macroRocAuc() {
        double total = 0;
        int defined = 0;
        for (int k = 0; k < classes; k++) {
            double auc = rocAuc(k);
            if (!Double.isNaN(auc)) {
                total += auc;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : total / defined;
    }

    double confidenceSum() {
        return confidence;
    }

    long[] counts() {
        return counts;
    }

    double[] sums() {
        return sums;
    }

    void restore(long newRows, double newConfidence) {
        rows = newRows;
        confidence = newConfidence;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EstimatedPerformance other && classes == other.classes && rows == other.rows
                && Double.compare(confidence, other.confidence) == 0 && Arrays.equals(counts, other.counts)
                && Arrays.equals(sums, other.sums);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + Double.hashCode(confidence);
    }

    @Override
    public String toString() {
        return "EstimatedPerformance[rows=" + rows + ", accuracy=" + accuracy() + "]";
    }
}
