package io.plumbline.monitor.drift;

/**
 * How verdicts are reached.
 *
 * @param alpha false-alarm level of the p-value tests (KS, chi-square) after correction
 * @param minCount usable values a window needs before any verdict; below it the outcome is
 *     {@link Verdict#INSUFFICIENT_DATA}
 * @param correction multiple-testing correction across features, applied per method
 * @param psi when PSI means drift
 * @param coarseBins number of PSI bins (deciles by default)
 * @param wassersteinThreshold normalised Wasserstein distance that means drift
 * @param jensenShannonThreshold Jensen-Shannon distance that means drift
 * @param numericMethod the method whose verdict is a numeric feature's verdict
 * @param categoricalMethod the method whose verdict is a categorical feature's verdict
 */
public record DriftSettings(
        double alpha, long minCount, Correction correction, PsiThreshold psi, int coarseBins,
        double wassersteinThreshold, double jensenShannonThreshold, Method numericMethod, Method categoricalMethod) {
    public static final double DEFAULT_ALPHA = 0.05;
    public static final long DEFAULT_MIN_COUNT = 500;

    public DriftSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
        }
        if (correction == null || psi == null || numericMethod == null || categoricalMethod == null) {
            throw new IllegalArgumentException("correction, psi and methods are required");
        }
        if (coarseBins < 2) {
            throw new IllegalArgumentException("coarseBins must be >= 2, was " + coarseBins);
        }
        if (!(wassersteinThreshold > 0) || !(jensenShannonThreshold > 0 && jensenShannonThreshold <= 1)) {
            throw new IllegalArgumentException("Wasserstein threshold must be > 0 and Jensen-Shannon in (0, 1]");
        }
        if (!numericMethod.numeric() || categoricalMethod.numeric()) {
            throw new IllegalArgumentException("numericMethod must be ks, psi or wasserstein and categoricalMethod"
                    + " chi_square or jensen_shannon, were " + numericMethod.label() + ", " + categoricalMethod.label());
        }
    }

    /** alpha 0.05, 500 values, Bonferroni, sample-size-aware PSI on 10 bins, W 0.1, JS 0.1, KS and chi-square. */
    public static DriftSettings defaults() {
        return new DriftSettings(DEFAULT_ALPHA, DEFAULT_MIN_COUNT, Correction.BONFERRONI,
                PsiThreshold.sampleSizeAware(DEFAULT_ALPHA), 10, 0.1, 0.1, Method.KS, Method.CHI_SQUARE);
    }

    public DriftSettings withAlpha(double newAlpha) {
        PsiThreshold p = psi.isFixed() ? psi : PsiThreshold.sampleSizeAware(newAlpha);
        return new DriftSettings(newAlpha, minCount, correction, p, coarseBins, wassersteinThreshold,
                jensenShannonThreshold, numericMethod, categoricalMethod);
    }

    public DriftSettings withMinCount(long newMinCount) {
        return new DriftSettings(alpha, newMinCount, correction, psi, coarseBins, wassersteinThreshold,
                jensenShannonThreshold, numericMethod, categoricalMethod);
    }

    public DriftSettings withCorrection(Correction newCorrection) {
        return new DriftSettings(alpha, minCount, newCorrection, psi, coarseBins, wassersteinThreshold,
                jensenShannonThreshold, numericMethod, categoricalMethod);
    }

    public DriftSettings withPsi(PsiThreshold newPsi) {
        return new DriftSettings(alpha, minCount, correction, newPsi, coarseBins, wassersteinThreshold,
                jensenShannonThreshold, numericMethod, categoricalMethod);
    }

    public DriftSettings withMethods(Method numeric, Method categorical) {
        return new DriftSettings(alpha, minCount, correction, psi, coarseBins, wassersteinThreshold,
                jensenShannonThreshold, numeric, categorical);
    }
}
