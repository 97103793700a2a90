package io.plumbline.monitor.drift;

/**
 * Large-sample p-value of the two-sample, two-sided KS statistic, as scipy's
 * {@code ks_2samp(method='asymp')} computes it: the one-sample distribution of D at the effective size
 * {@code e = round(n m / (n + m))} ({@code scipy.stats.kstwo.sf(d, e)}), every tail computed directly.
 *
 * <p><b>Tail</b> ({@code e d^2 >= 2.2}, p below about 0.03): {@code 2 P(D+_e >= d)}, Smirnov's one-sided
 * exact distribution by the Birnbaum-Tingey sum {@code d sum_j C(e, j) (1 - d - j/e)^(e-j) (d + j/e)^(j-1)}
 * of positive terms, added in logarithms; the two one-sided events overlap with probability about
 * {@code 2 exp(-8 e d^2)}, below 1e-7 relative here. This is scipy's own branch ({@code kolmogn} uses
 * {@code 2 smirnov(e, d)} there) and keeps every p-value above the smallest double positive. The
 * Kolmogorov limit {@code 2 exp(-2 e d^2)} would not do: it is too large by decades in the far tail for
 * moderate e (2.8e-87 against 2.1e-89 at e = 1000, d = 0.316).
 *
 * <p><b>Centre</b> ({@code e d^2 < 2.2}, p above about 0.03, where {@code 1 - cdf} loses nothing): the
 * Kolmogorov limit at Stephens' corrected {@code lambda = d (sqrt(e) + 0.12 + 0.11 / sqrt(e))}, within 2%
 * of scipy's exact finite-e value from e = 50 on (0.2% from e = 20,000).
 *
 * <p><b>Near tail</b> ({@code e d^2 >= 2.2} but {@code e d^4 <= 0.1}: a moderate drift over many values,
 * the usual case of a live window): the same Stephens form. The sum costs e terms (about 0.3 ms at
 * e = 4,000, so 100 drifted features took 12 ms a window), this a microsecond; what the limit leaves out
 * grows with {@code e d^4} (the next term of the large-deviation rate is {@code 4 e d^4 / 9}) and
 * {@code d}, and over that region it stays within 0.04 decades (9%) of the sum for every e up to
 * {@link #SUM_LIMIT} ({@code KsAsymptoticTailTest} checks a grid), far inside the decade the p-values
 * promise.
 *
 * <p><b>Very large e</b> (above {@link #SUM_LIMIT}): the sum has e terms, so the tail is the Kolmogorov
 * limit series itself, computed directly; there it is within a factor 2 of scipy down to 1e-300.
 */
final class KsAsymptoticTail {
    /** Largest effective size summed term by term (about 3 logarithms per term). */
    static final long SUM_LIMIT = 100_000;
    /** scipy's switch from {@code 1 - cdf} to {@code 2 smirnov} for the survival function. */
    private static final double TAIL_FROM = 2.2;
    /** Largest {@code e d^4} the Stephens form serves in the tail (see the class comment). */
    static final double NEAR_TAIL = 0.1;

    private KsAsymptoticTail() {
    }

    static double pValue(double d, long n, long m) {
        double en = (double) n * m / ((double) n + m);
        long e = Math.max(1, (long) Math.rint(en)); // numpy's round: half to even, as Math.rint
        if (d <= 0) {
            return 1.0;
        }
        if (d >= 1) {
            return 0.0;
        }
        if (e * d * d < TAIL_FROM || e * d * d * d * d <= NEAR_TAIL) {
            double sqrt = Math.sqrt(e);
            return kolmogorovUpper(d * (sqrt + 0.12 + 0.11 / sqrt));
        }
        if (e > SUM_LIMIT) {
            return kolmogorovUpper(d * Math.sqrt(e));
        }
        return Math.min(1.0, 2 * smirnovUpper(e, d));
    }

    /** {@code P(D+_n >= d)}, Smirnov's one-sided statistic, for {@code 0 < d < 1}. */
    static double smirnovUpper(long n, double d) {
        long last = (long) Math.floor(n * (1 - d));
        double logBinomial = 0;
        double max = Double.NEGATIVE_INFINITY;
        double scaled = 0; // sum of exp(term - max)
        for (long j = 0; j <= last; j++) {
            if (j > 0) {
                logBinomial += Math.log((double) (n - j + 1) / j);
            }
            double rest = 1 - d - (double) j / n;
            if (rest <= 0) {
                break; // the term j = n (1 - d) is 0^(n - j) = 0
            }
            double term = logBinomial + (n - j) * Math.log(rest) + (j - 1) * Math.log(d + (double) j / n);
            if (term > max) {
                scaled = scaled * Math.exp(max - term) + 1;
                max = term;
            } else {
                scaled += Math.exp(term - max);
            }
        }
        return Math.exp(Math.log(d) + max + Math.log(scaled));
    }

    /**
     * {@code P(K > lambda)} of the Kolmogorov distribution: the alternating series
     * {@code 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2)} directly (no {@code 1 -}), or below lambda = 0.6,
     * where it converges slowly and the value is above 0.86, one minus the Jacobi form of the CDF.
     */
    static double kolmogorovUpper(double lambda) {
        if (lambda <= 0) {
            return 1.0;
        }
        if (lambda < 0.6) {
            double s = 0;
            double c = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k <= 20; k += 2) {
                s += Math.exp(c * k * k);
            }
            return Math.max(0, Math.min(1, 1 - Math.sqrt(2 * Math.PI) / lambda * s));
        }
        double sum = 0;
        for (int k = 1; k <= 50; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1) ? term : -term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(1.0, 2 * sum);
    }
}
