package io.plumbline.monitor.drift;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.NumericWindow;

/**
 * Two-sample Kolmogorov-Smirnov statistic from binned counts, with its error bound and p-value.
 *
 * <p><b>Statistic.</b> Both empirical CDFs are known exactly at every bin edge (bins are right-closed,
 * the reference has no mass in the guard slots), so {@code D = max_j |F_ref(e_j) - F_cur(e_j)|} is the
 * exact supremum over the edges and therefore {@code D <= D_true}. Inside a bin {@code (a, b]} with a
 * non-empty interior, for {@code a < x < b}: {@code F_ref(x) - F_cur(x) <= F_ref(b) - F_cur(a)} and
 * {@code F_cur(x) - F_ref(x) <= F_cur(b) - F_ref(a)}; each is at most {@code D} plus the reference mass
 * of {@code (a, b]} — for the second, {@code F_cur(b) - F_ref(b) + (F_ref(b) - F_ref(a))}; for the
 * first, {@code F_ref(a) - F_cur(a) + (F_ref(b) - F_ref(a))}. Singleton (atom) bins have no interior.
 * Hence {@code D <= D_true <= D + max reference mass of a non-singleton bin}
 * ({@link NumericSummary#maxBinMass()}), about {@code 1/B} for continuous data. D is computed in integer
 * arithmetic ({@code |R_j m - C_j n| / (n m)}), as Commons Math does, so equal inputs give equal bits.
 *
 * <p><b>p-value.</b> P(D >= d) with scipy's {@code ks_2samp} choice of method: up to
 * {@link #EXACT_LIMIT} values on each side the exact distribution ({@link KsExactTail}, as
 * {@code method='exact'}), beyond it the distribution of D at the effective size
 * {@code round(n m / (n + m))} ({@link KsAsymptoticTail}, as {@code method='asymp'}, i.e.
 * {@code scipy.stats.kstwo.sf}). Both compute the tail itself rather than {@code 1 - cdf}, so a strong
 * drift reports a small positive p-value (5.1e-28 for Seattle's 2014 Q3 maximum temperature against
 * 2012) instead of 0. Because D is a lower bound of the exact statistic, the p-value is an upper bound
 * of the exact one: binning can only make the test more conservative, by at most the bound.
 */
public final class KolmogorovSmirnov {
    /** scipy's {@code ks_2samp} uses the exact distribution while neither side exceeds this size. */
    static final long EXACT_LIMIT = 10_000;

    /** The binned D and its bound; NaN D when either side is empty. */
    public record Statistic(double d, double bound) {
    }

    public Statistic statistic(NumericSummary reference, NumericWindow current) {
        long[] ref = reference.counts();
        if (current.slots() != ref.length + 2) {
            throw new IllegalArgumentException("window " + current.name() + " has " + current.slots()
                    + " slots, the reference has " + ref.length + " bins (expected bins + 2)");
        }
        long n = reference.total();
        long m = current.count();
        double bound = reference.maxBinMass();
        if (n == 0 || m == 0) {
            return new Statistic(Double.NaN, bound);
        }
        // Cumulative products are at most n * m; integers are exact while that cannot overflow.
        boolean exact = n <= Long.MAX_VALUE / 2 / m;
        long refCum = 0;
        long curCum = current.countAt(0);
        long maxScaled = Math.abs(curCum * n);
        double maxDiff = (double) curCum / m;
        for (int i = 1; i <= ref.length; i++) {
            refCum += ref[i - 1];
            curCum += current.countAt(i);
            if (exact) {
                maxScaled = Math.max(maxScaled, Math.abs(refCum * m - curCum * n));
            } else {
                maxDiff = Math.max(maxDiff, Math.abs((double) refCum / n - (double) curCum / m));
            }
        }
        double d = exact ? maxScaled / ((double) n * m) : maxDiff;
        return new Statistic(d, bound);
    }

    /**
     * p-value, P(D >= d), of a two-sample D with sizes {@code n} and {@code m}.
     *
     * @throws IllegalArgumentException when a size is not positive or {@code d} is outside [0, 1]
     */
    public double pValue(double d, long n, long m) {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("sizes must be >= 1, were n=" + n + ", m=" + m);
        }
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("D must be in [0, 1], was " + d);
        }
        if (Math.max(n, m) <= EXACT_LIMIT) {
            return KsExactTail.pValue(d, (int) n, (int) m);
        }
        return KsAsymptoticTail.pValue(d, n, m);
    }
}
