package io.plumbline.monitor.quality;

import java.util.Arrays;

/**
 * Realised performance of a classifier over one window of labelled predictions, kept as counts and sums
 * so that windows merge by addition ({@link #merge}) and persist as bytes ({@link QualityCodec}).
 *
 * <p>Definitions, with n the labelled rows, y the true class, p the predicted probability vector and
 * ŷ the predicted class (argmax of p, lowest index on a tie, or the class given without probabilities):
 * <ul>
 *   <li>accuracy = #(ŷ = y) / n;
 *   <li>log loss = mean over rows of −ln(clip(p_y)), clip(v) = min(max(v, 1e−15), 1 − 1e−15) (scikit-learn's
 *       old default eps), so a confident wrong answer costs about 34.5 rather than infinity;
 *   <li>Brier score (multiclass) = mean over rows of Σ_k (p_k − [y = k])², between 0 and 2; for two classes it is
 *       twice the binary Brier score (p − y)² of the positive class;
 *   <li>expected calibration error (top-label) = Σ_b (n_b / n) · |acc_b − conf_b| over 10 equal-width bins of
 *       the confidence max_k p_k, bin b = [b/10, (b+1)/10) and the last bin closed at 1; acc_b is the share of the
 *       bin's rows with ŷ = y, conf_b the mean confidence in the bin (Guo et al. 2017);
 *   <li>precision of class k = #(ŷ = k, y = k) / #(ŷ = k), recall = #(ŷ = k, y = k) / #(y = k); NaN where the
 *       denominator is 0 (never predicted, never seen): undefined, not 0.
 * </ul>
 * Log loss, Brier and ECE need probabilities: rows given only a predicted class count towards accuracy,
 * precision and recall but not towards those three, which are NaN while no row had probabilities.
 */
public final class ClassifierPerformance {
    /** Probabilities are clipped to [EPS, 1 − EPS] before the logarithm. */
    public static final double EPS = 1e-15;
    /** Equal-width confidence bins of the expected calibration error. */
    public static final int ECE_BINS = 10;

    private final int classes;
    private long rows;
    private long correct;
    private long probabilistic;
    private double logLoss;
    private double brier;
    private final long[] binRows = new long[ECE_BINS];
    private final long[] binCorrect = new long[ECE_BINS];
    private final double[] binConfidence = new double[ECE_BINS];
    private final long[] predicted;
    private final long[] actual;
    private final long[] hits;

    public ClassifierPerformance(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier has at least 2 classes, was " + classes);
        }
        this.classes = classes;
        predicted = new long[classes];
        actual = new long[classes];
        hits = new long[classes];
    }

    /** Adds one labelled row with the model's class probabilities (in class order). */
    public void add(double[] probabilities, int trueClass) {
        if (probabilities == null || probabilities.length != classes) {
            throw new IllegalArgumentException("expected " + classes + " probabilities, got "
                    + (probabilities == null ? "none" : probabilities.length));
        }
        checkClass(trueClass, "true class");
        int top = 0;
        double brierRow = 0;
        for (int k = 0; k < classes; k++) {
            double p = probabilities[k];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability " + k + " must lie in [0, 1], was " + p);
            }
            if (p > probabilities[top]) {
                top = k;
            }
            double d = p - (k == trueClass ? 1 : 0);
            brierRow += d * d;
        }
        count(top, trueClass);
        probabilistic++;
        logLoss -= Math.log(Math.min(Math.max(probabilities[trueClass], EPS), 1 - EPS));
        brier += brierRow;
        double confidence = probabilities[top];
        int bin = Math.min((int) (confidence * ECE_BINS), ECE_BINS - 1);
        binRows[bin]++;
        binConfidence[bin] += confidence;
        if (top == trueClass) {
            binCorrect[bin]++;
        }
    }

    /** Adds one labelled row for which only the predicted class is known. */
    public void add(int predictedClass, int trueClass) {
        checkClass(predictedClass, "predicted class");
        checkClass(trueClass, "true class");
        count(predictedClass, trueClass);
    }

    private void count(int predictedClass, int trueClass) {
        rows++;
        predicted[predictedClass]++;
        actual[trueClass]++;
        if (predictedClass == trueClass) {
            correct++;
            hits[trueClass]++;
        }
    }

    private void checkClass(int k, String what) {
        if (k < 0 || k >= classes) {
            throw new IllegalArgumentException(what + " must be in [0, " + classes + "), was " + k);
        }
    }

    /** Adds another window of the same classifier into this one. */
    public void merge(ClassifierPerformance other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot merge " + other.classes + " classes into " + classes);
        }
        rows += other.rows;
        correct += other.correct;
        probabilistic += other.probabilistic;
        logLoss += other.logLoss;
        brier += other.brier;
        for (int b = 0; b < ECE_BINS; b++) {
            binRows[b] += other.binRows[b];
            binCorrect[b] += other.binCorrect[b];
            binConfidence[b] += other.binConfidence[b];
        }
        for (int k = 0; k < classes; k++) {
            predicted[k] += other.predicted[k];
            actual[k] += other.actual[k];
            hits[k] += other.hits[k];
        }
    }

    public int classes() {
        return classes;
    }

    /** Labelled rows in the window. */
    public long rows() {
        return rows;
    }

    /** Labelled rows that came with probabilities. */
    public long probabilisticRows() {
        return probabilistic;
    }

    public double accuracy() {
        return rows == 0 ? Double.NaN : (double) correct / rows;
    }

    public double logLoss() {
        return probabilistic == 0 ? Double.NaN : logLoss / probabilistic;
    }

    public double brier() {
        return probabilistic == 0 ? Double.NaN : brier / probabilistic;
    }

    public double expectedCalibrationError() {
        if (probabilistic == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (binRows[b] > 0) {
                double gap = (double) binCorrect[b] / binRows[b] - binConfidence[b] / binRows[b];
                ece += (double) binRows[b] / probabilistic * Math.abs(gap);
            }
        }
        return ece;
    }

    public double precision(int k) {
        checkClass(k, "class");
        return predicted[k] == 0 ? Double.NaN : (double) hits[k] / predicted[k];
    }

    public double recall(int k) {
        checkClass(k, "class");
        return actual[k] == 0 ? Double.NaN : (double) hits[k] / actual[k];
    }

    // State access for QualityCodec, which lives in this package.
    long correct() {
        return correct;
    }

    double logLossSum() {
        return logLoss;
    }

    double brierSum() {
        return brier;
    }

    long[] binRows() {
        return binRows;
    }

    long[] binCorrect() {
        return binCorrect;
    }

    double[] binConfidence() {
        return binConfidence;
    }

    long[] predicted() {
        return predicted;
    }

    long[] actual() {
        return actual;
    }

    long[] hits() {
        return hits;
    }

    /** Restores sums written by {@link QualityCodec}; arrays are copied in. */
    void restore(long rows, long correct, long probabilistic, double logLoss, double brier) {
        this.rows = rows;
        this.correct = correct;
        this.probabilistic = probabilistic;
        this.logLoss = logLoss;
        this.brier = brier;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassifierPerformance other && classes == other.classes && rows == other.rows
                && correct == other.correct && probabilistic == other.probabilistic
                && Double.compare(logLoss, other.logLoss) == 0 && Double.compare(brier, other.brier) == 0
                && Arrays.equals(binRows, other.binRows) && Arrays.equals(binCorrect, other.binCorrect)
                && Arrays.equals(binConfidence, other.binConfidence) && Arrays.equals(predicted, other.predicted)
                && Arrays.equals(actual, other.actual) && Arrays.equals(hits, other.hits);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + Arrays.hashCode(predicted);
    }

    @Override
    public String toString() {
        return "ClassifierPerformance[rows=" + rows + ", accuracy=" + accuracy() + "]";
    }
}
