package io.plumbline.monitor.drift;

/**
 * Population stability index on coarse bins: {@code PSI = sum_i (a_i - e_i) ln(a_i / e_i)} with
 * {@code e_i} the reference share and {@code a_i} the current share of coarse bin {@code i}.
 *
 * <p><b>Empty bins.</b> A share of exactly 0 is replaced by {@link #EPSILON} = 1e-4 before the sum
 * (shares are not renormalised), as Evidently does; with 10 bins and at least 500 values per window
 * this only happens under real drift. Without it PSI would be infinite as soon as one bin empties.
 *
 * <p>PSI is the symmetrised Kullback-Leibler divergence (Jeffreys), so under no drift
 * {@code PSI / (1/n_ref + 1/n_cur)} is approximately chi-square with {@code k - 1} degrees of freedom
 * (same second-order expansion as Pearson's statistic); {@link PsiThreshold} and {@link #pValue} use it.
 */
public final class PopulationStabilityIndex {
    /** Share substituted for an empty bin. */
    public static final double EPSILON = 1e-4;

    private PopulationStabilityIndex() {
    }

    /** PSI of two count vectors over the same bins (reference first). */
    public static double of(long[] reference, long[] current) {
        double[] terms = contributions(reference, current);
        if (terms == null) {
            return Double.NaN;
        }
        double psi = 0;
        for (double t : terms) {
            psi += t;
        }
        return psi;
    }

    /**
     * The terms {@code (a_i - e_i) ln(a_i / e_i)} of the sum, per bin, or null when either side is empty.
     * {@link #of} adds exactly these in this order, so a chart of them sums to the reported PSI.
     */
    public static double[] contributions(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("bin counts differ in length: " + reference.length + " vs " + current.length);
        }
        double nRef = Counts.sum(reference);
        double nCur = Counts.sum(current);
        if (nRef == 0 || nCur == 0) {
            return null;
        }
        double[] terms = new double[reference.length];
        for (int i = 0; i < reference.length; i++) {
            double e = share(reference[i], nRef);
            double a = share(current[i], nCur);
            terms[i] = (a - e) * Math.log(a / e);
        }
        return terms;
    }

    private static double share(long count, double total) {
        return count == 0 ? EPSILON : count / total;
    }

    /** Approximate p-value: {@code P(chi2(k - 1) > psi / (1/n_ref + 1/n_cur))}. */
    public static double pValue(double psi, int bins, long nRef, long nCur) {
        if (Double.isNaN(psi) || bins < 2) {
            return Double.NaN;
        }
        return ChiSquareTail.survival(psi / (1.0 / nRef + 1.0 / nCur), bins - 1);
    }
}
