package io.plumbline.monitor.drift;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.NumericWindow;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

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
 * <p><b>p-value.</b> With Commons Math 3.6.1's branches for a D and sizes {@code n, m}: below
 * {@code n m < 10,000} the exact distribution, P(D >= d) ({@code exactP(d, n, m, false)}; its
 * {@code kolmogorovSmirnovTest(x, y)} passes {@code strict = true}, P(D > d), which is too small
 * whenever d is attained, i.e. always for an observed D), otherwise the asymptotic Kolmogorov
 * distribution {@code approximateP(d, n, m) = 1 - ksSum(d sqrt(nm/(n+m)))}. Because D is a lower
 * bound of the exact statistic, the p-value is an upper bound of the exact one: binning can only make
 * the test more conservative, by at most the bound.
 */
public final class KolmogorovSmirnov {
    /** Commons Math switches from the exact to the asymptotic distribution at this n * m. */
    static final long LARGE_SAMPLE_PRODUCT = 10_000;

    private final KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();

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
        if (n * m < LARGE_SAMPLE_PRODUCT) {
            return commons.exactP(d, (int) n, (int) m, false);
        }
        if (n <= Integer.MAX_VALUE && m <= Integer.MAX_VALUE) {
            return commons.approximateP(d, (int) n, (int) m);
        }
        // Beyond int sizes Commons Math has no entry point; this is its approximateP formula.
        double t = d * Math.sqrt(((double) m * (double) n) / ((double) m + (double) n));
        return 1 - commons.ksSum(t, 1e-20, 100_000);
    }
}
