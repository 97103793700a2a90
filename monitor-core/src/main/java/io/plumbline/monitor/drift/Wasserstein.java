package io.plumbline.monitor.drift;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.NumericWindow;

/**
 * Wasserstein-1 distance {@code W = integral |F_ref(x) - F_cur(x)| dx}, divided by the reference
 * standard deviation so one threshold (default 0.1, Evidently's) fits every feature.
 *
 * <p><b>From bins.</b> Outside the reference range the reference CDF is 0 (below) or 1 (above), so those
 * parts of the integral are {@code E[(edge_0 - X)+]} and {@code E[(X - edge_B)+]} over the current
 * values, which the window sums exactly. Inside each bin {@code (a, b]} both CDFs are known at the edges
 * and are interpolated linearly (values spread uniformly in the bin); the integral of the absolute
 * difference of two linear functions is closed-form.
 *
 * <p><b>Bound.</b> Inside bin {@code i} the exact and the interpolated difference both lie in
 * {@code [F_ref(a) - F_cur(b), F_ref(b) - F_cur(a)]}, an interval of width {@code r_i + c_i} (the
 * reference and current shares of the bin), so
 * {@code |W - W_binned| <= sum_i (b_i - a_i)(r_i + c_i)}, reported divided by the std as well. For
 * continuous data and 1000 equal-mass bins this is about {@code 2 * range / 1000}; atom bins have zero
 * width. A reference with zero std gives {@code +inf} for any difference and 0 for none.
 */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** Normalised distance and its bound (both in reference standard deviations). */
    public record Estimate(double distance, double bound) {
    }

    public static Estimate normalised(NumericSummary reference, NumericWindow current) {
        long[] ref = reference.counts();
        double[] edges = reference.edges();
        double n = reference.total();
        double m = current.count();
        if (n == 0 || m == 0) {
            return new Estimate(Double.NaN, Double.NaN);
        }
        double w = (current.belowDistance() + current.aboveDistance()) / m;
        double bound = 0;
        double refCum = 0;
        double curCum = current.countAt(0) / m;
        for (int i = 1; i <= ref.length; i++) {
            double r = ref[i - 1] / n;
            double c = current.countAt(i) / m;
            double width = edges[i] - edges[i - 1];
            double da = refCum - curCum;
            double db = (refCum + r) - (curCum + c);
            w += width * absLinearIntegral(da, db);
            bound += width * (r + c);
            refCum += r;
            curCum += c;
        }
        double std = reference.std();
        if (std == 0) {
            return new Estimate(w == 0 ? 0 : Double.POSITIVE_INFINITY, bound == 0 ? 0 : Double.POSITIVE_INFINITY);
        }
        return new Estimate(w / std, bound / std);
    }

    /** {@code integral_0^1 |da + (db - da) t| dt}. */
    static double absLinearIntegral(double da, double db) {
        if (da * db >= 0) {
            return (Math.abs(da) + Math.abs(db)) / 2;
        }
        return (da * da + db * db) / (2 * (Math.abs(da) + Math.abs(db)));
    }
}
