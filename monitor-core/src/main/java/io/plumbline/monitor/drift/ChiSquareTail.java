package io.plumbline.monitor.drift;

import org.apache.commons.math3.special.Gamma;

/**
 * Upper tail of the chi-square distribution and its inverse, computed as the tail: the survival
 * function is the regularized upper incomplete gamma function {@code Q(df/2, x/2)}, which Commons Math
 * evaluates by a continued fraction for {@code x/2 > df/2 + 1} (the tail; no subtraction) and as
 * {@code 1 - P} only below, where Q is above about 0.3. It stays positive down to the smallest double
 * (1e-300 at df 9, x 1,420, as scipy's {@code chi2.sf}), where {@code 1 - cdf} is 0 below 1e-16.
 */
final class ChiSquareTail {
    private ChiSquareTail() {
    }

    /** {@code P(chi2(df) > x)}. */
    static double survival(double x, int df) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }

    /**
     * The x with {@code P(chi2(df) > x) = alpha}, for {@code 0 < alpha < 1}: bisection on the survival
     * function, so {@code alpha = 1e-20} gives its own quantile (scipy's {@code chi2.isf}), where
     * {@code inverseCumulativeProbability(1 - alpha)} sees {@code 1 - alpha == 1} and answers infinity.
     */
    static double inverseSurvival(double alpha, int df) {
        if (!(alpha > 0 && alpha < 1) || df < 1) {
            throw new IllegalArgumentException("need 0 < alpha < 1 and df >= 1, were " + alpha + ", " + df);
        }
        double lo = 0;
        double hi = Math.max(1, df);
        while (survival(hi, df) > alpha) {
            lo = hi;
            hi *= 2;
        }
        // survival(lo) > alpha >= survival(hi); halve until the bracket is a few ulps wide.
        for (int i = 0; i < 200 && hi - lo > 4 * Math.ulp(hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (survival(mid, df) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
