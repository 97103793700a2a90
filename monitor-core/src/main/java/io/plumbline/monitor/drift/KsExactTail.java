package io.plumbline.monitor.drift;

/**
 * Exact null distribution of the two-sample, two-sided KS statistic: {@code P(D >= d)} for sizes
 * {@code n} and {@code m}, computed as the tail itself, never as {@code 1 - P(D < d)}.
 *
 * <p>Under the null every interleaving of the two samples is equally likely, i.e. a uniformly random
 * lattice path from (0, 0) to (n, m); at (i, j) the ECDF difference is {@code |i/n - j/m|}. Walking the
 * path forward, from (i, j) the next step is in i with probability {@code (n - i) / (n + m - i - j)}
 * (an urn without replacement), so {@code q(i, j)}, the probability of reaching (i, j) with every earlier
 * point strictly inside {@code |i/n - j/m| < d}, follows from its two predecessors. The p-value is the
 * sum of {@code q} over the first points outside the band: a sum of positive terms, exact to rounding
 * (about {@code (n + m)} ulps), positive down to the smallest double. Every term is at most the
 * {@code q} it came from, so a term that matters is never preceded by an underflow.
 *
 * <p>With {@code g = gcd(n, m)}, the statistic is compared in integers: a point is outside when
 * {@code |i (m/g) - j (n/g)| >= h}, {@code h = round(d lcm(n, m))}, as scipy's
 * {@code ks_2samp(method='exact')} rounds it. Only the band (plus its exits) is visited, so the cost is
 * about {@code 2 d n m} steps: 10^6 for a strong drift at n = m = 1,000 (about 10 ms), up to 10^8 at
 * n = m = 10,000 with d near 1 (about 0.3 s on a busy 2-core machine); a no-drift window of 1,000
 * against a reference of 10,000 takes a few ms. {@link KolmogorovSmirnov} uses it only up to 10,000
 * per side, as scipy does.
 */
final class KsExactTail {
    private KsExactTail() {
    }

    /** {@code P(D >= d)}; requires sizes with {@code n / g * m} within a long. */
    static double pValue(double d, int n, int m) {
        long g = gcd(n, m);
        long a = m / g; // weight of i: i/n - j/m = (i a - j b) / lcm
        long b = n / g;
        long lcm = b * m;
        long h = Math.round(d * lcm);
        if (h <= 0) {
            return 1.0;
        }
        int total = n + m;
        double[] prev = new double[m + 1];
        double[] cur = new double[m + 1];
        double[] reciprocal = new double[total + 1]; // 1 / remaining steps: multiplications in the loop
        for (int k = 1; k <= total; k++) {
            reciprocal[k] = 1.0 / k;
        }
        double tail = 0;
        // Columns of the previous row holding mass (inside and non-zero); a point can only receive mass
        // from (i - 1, j) in that range or from (i, j - 1), so each row starts at prevLo and stops once
        // neither can give any. Skipping exact zeros changes no bit of the sum; it only saves the far
        // band once q has underflowed there (a third of the work at n = m = 10,000, d = 0.9).
        int prevLo = 0;
        int prevHi = -1;
        for (int i = 0; i <= n; i++) {
            int lo = Math.max(0, loInside(i, a, b, h));
            int hi = Math.min(m, hiInside(i, a, b, h));
            int newLo = Integer.MAX_VALUE;
            int newHi = -1;
            double left = i == 0 ? 1 : 0; // q(i, j - 1) when inside, else 0; seeds q(0, 0) = 1
            for (int j = i == 0 ? 0 : prevLo; j <= m; j++) {
                boolean up = j >= prevLo && j <= prevHi;
                if (!up && left == 0) {
                    break;
                }
                double v;
                if (i == 0 && j == 0) {
                    v = 1;
                } else {
                    double r = reciprocal[total - i - j + 1];
                    v = ((up ? prev[j] * (n - i + 1) : 0) + left * (m - j + 1)) * r;
                }
                if (j >= lo && j <= hi) {
                    cur[j] = v;
                    left = v;
                    if (v != 0) {
                        newLo = Math.min(newLo, j);
                        newHi = j;
                    }
                } else {
                    tail += v; // first point outside the band on this path
                    left = 0;
                }
            }
            if (newHi < 0) {
                break; // no mass left inside: every later exit adds 0
            }
            prevLo = newLo;
            prevHi = newHi;
            double[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return Math.min(1.0, tail);
    }

    /** Smallest j with {@code i a - j b < h}, i.e. {@code j > (i a - h) / b}. */
    private static int loInside(int i, long a, long b, long h) {
        return (int) Math.min(Integer.MAX_VALUE, Math.floorDiv(i * a - h, b) + 1);
    }

    /** Largest j with {@code j b - i a < h}, i.e. {@code j < (i a + h) / b}. */
    private static int hiInside(int i, long a, long b, long h) {
        return (int) Math.min(Integer.MAX_VALUE, Math.floorDiv(i * a + h - 1, b));
    }

    private static long gcd(long x, long y) {
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
