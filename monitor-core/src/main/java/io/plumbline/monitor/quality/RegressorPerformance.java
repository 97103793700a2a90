package io.plumbline.monitor.quality;

/**
 * Realised performance of a regressor over one window of predictions with targets, as sums so that
 * windows merge by addition. With e = prediction − target over n rows: MAE = Σ|e| / n,
 * RMSE = √(Σe² / n), bias = Σe / n (positive: the model over-predicts). NaN while the window is empty.
 */
public final class RegressorPerformance {
    private long rows;
    private double absolute;
    private double squared;
    private double signed;

    /** Adds one row; both values must be finite. */
    public void add(double prediction, double target) {
        if (!Double.isFinite(prediction) || !Double.isFinite(target)) {
            throw new IllegalArgumentException("prediction and target must be finite, were " + prediction + ", "
                    + target);
        }
        double e = prediction - target;
        rows++;
        absolute += Math.abs(e);
        squared += e * e;
        signed += e;
    }

    public void merge(RegressorPerformance other) {
        rows += other.rows;
        absolute += other.absolute;
        squared += other.squared;
        signed += other.signed;
    }

    public long rows() {
        return rows;
    }

    public double mae() {
        return rows == 0 ? Double.NaN : absolute / rows;
    }

    public double rmse() {
        return rows == 0 ? Double.NaN : Math.sqrt(squared / rows);
    }

    public double bias() {
        return rows == 0 ? Double.NaN : signed / rows;
    }

    double absoluteSum() {
        return absolute;
    }

    double squaredSum() {
        return squared;
    }

    double signedSum() {
        return signed;
    }

    static RegressorPerformance restore(long rows, double absolute, double squared, double signed) {
        RegressorPerformance r = new RegressorPerformance();
        r.rows = rows;
        r.absolute = absolute;
        r.squared = squared;
        r.signed = signed;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegressorPerformance other && rows == other.rows
                && Double.compare(absolute, other.absolute) == 0 && Double.compare(squared, other.squared) == 0
                && Double.compare(signed, other.signed) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + Double.hashCode(absolute);
    }

    @Override
    public String toString() {
        return "RegressorPerformance[rows=" + rows + ", mae=" + mae() + "]";
    }
}
