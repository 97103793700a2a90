package io.plumbline.monitor.drift;

/**
 * When PSI means drift. Fixed: the industry rule of thumb, {@link #MODERATE} = 0.1 (watch) and
 * {@link #SIGNIFICANT} = 0.25 (act). Sample-size aware: the no-drift quantile
 * {@code chi2(1 - alpha, k - 1) * (1/n_ref + 1/n_cur)} (the chi-square quantile with upper tail alpha,
 * {@link ChiSquareTail#inverseSurvival}), which fires in about {@code alpha} of no-drift
 * windows whatever the sizes, where a fixed threshold fires on noise for small windows and misses
 * real shifts for large ones.
 *
 * @param fixed the fixed threshold, or NaN for the sample-size-aware rule
 * @param alpha false-alarm rate of the sample-size-aware rule
 */
public record PsiThreshold(double fixed, double alpha) {
    public static final double MODERATE = 0.1;
    public static final double SIGNIFICANT = 0.25;

    public PsiThreshold {
        if (!Double.isNaN(fixed) && !(fixed > 0)) {
            throw new IllegalArgumentException("a fixed PSI threshold must be > 0, was " + fixed);
        }
        if (Double.isNaN(fixed) && !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
    }

    public static PsiThreshold fixed(double threshold) {
        return new PsiThreshold(threshold, Double.NaN);
    }

    public static PsiThreshold sampleSizeAware(double alpha) {
        return new PsiThreshold(Double.NaN, alpha);
    }

    public boolean isFixed() {
        return !Double.isNaN(fixed);
    }

    /** The threshold for {@code bins} coarse bins and the two sizes. */
    public double threshold(int bins, long nRef, long nCur) {
        if (isFixed()) {
            return fixed;
        }
        if (bins < 2) {
            return Double.POSITIVE_INFINITY;
        }
        // The upper quantile itself: 1 - alpha would round to 1 for alpha below 1e-16.
        double quantile = ChiSquareTail.inverseSurvival(alpha, bins - 1);
        return quantile * (1.0 / nRef + 1.0 / nCur);
    }
}
