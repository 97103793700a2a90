package io.plumbline.events.profile;

import java.util.Arrays;

/**
 * One class's calibration curve, one-vs-rest: the model's predicted probability of the class
 * ({@code x}) mapped to the share of reference rows that truly were that class ({@code y}).
 *
 * <p>Between knots the curve is linear, outside them it is clipped to the first or last {@code y}
 * (as scikit-learn's {@code IsotonicRegression(out_of_bounds="clip")}). {@code x} is strictly
 * increasing, {@code y} is non-decreasing and within [0, 1]: an isotonic fit never ranks a higher score
 * as less likely.
 *
 * @param name class name (a label value)
 * @param output the model output column holding this class's probability
 * @param x knots on the predicted probability, strictly increasing, within [0, 1]
 * @param y calibrated probability at each knot, non-decreasing, within [0, 1]
 */
public record ClassCalibration(String name, String output, double[] x, double[] y) {

    public ClassCalibration {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("calibration class name must be a non-empty string");
        }
        if (output == null || output.isEmpty()) {
            throw new IllegalArgumentException("calibration output of class " + name + " must be a non-empty string");
        }
        if (x == null || y == null || x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("calibration of class " + name
                    + " must have x and y of the same non-zero length");
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= 0 && x[i] <= 1) || !(y[i] >= 0 && y[i] <= 1)) {
                throw new IllegalArgumentException("calibration of class " + name + ": knot " + i
                        + " must lie in [0, 1], was (" + x[i] + ", " + y[i] + ")");
            }
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("calibration of class " + name
                        + ": x must be strictly increasing at knot " + i);
            }
            if (i > 0 && y[i] < y[i - 1]) {
                throw new IllegalArgumentException("calibration of class " + name
                        + ": y must be non-decreasing at knot " + i);
            }
        }
        x = x.clone();
        y = y.clone();
    }

    /** The calibrated probability of a predicted probability {@code p}: linear between knots, clipped outside. */
    public double apply(double p) {
        if (p <= x[0]) {
            return y[0];
        }
        int last = x.length - 1;
        if (p >= x[last]) {
            return y[last];
        }
        int i = Arrays.binarySearch(x, p);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (p - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassCalibration other && name.equals(other.name) && output.equals(other.output)
                && Arrays.equals(x, other.x) && Arrays.equals(y, other.y);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(x);
    }

    @Override
    public String toString() {
        return "ClassCalibration[" + name + ", " + x.length + " knots]";
    }
}
