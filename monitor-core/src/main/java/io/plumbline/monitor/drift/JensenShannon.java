package io.plumbline.monitor.drift;

/**
 * Jensen-Shannon distance, base 2: with {@code p}, {@code q} the two normalised count vectors and
 * {@code m = (p + q) / 2}, {@code JSD = (KL(p || m) + KL(q || m)) / 2} in bits and the distance is
 * {@code sqrt(JSD)}, in [0, 1] (0: same shares, 1: disjoint support). Empty bins contribute 0
 * ({@code 0 log 0 = 0}), so no epsilon is needed. Same definition as SciPy's
 * {@code jensenshannon(p, q, base=2)}.
 */
public final class JensenShannon {
    private JensenShannon() {
    }

    public static double distance(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("counts differ in length: " + reference.length + " vs " + current.length);
        }
        double nRef = Counts.sum(reference);
        double nCur = Counts.sum(current);
        if (nRef == 0 || nCur == 0) {
            return Double.NaN;
        }
        double divergence = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = reference[i] / nRef;
            double q = current[i] / nCur;
            double m = (p + q) / 2;
            if (p > 0) {
                divergence += p * Math.log(p / m);
            }
            if (q > 0) {
                divergence += q * Math.log(q / m);
            }
        }
        double bits = divergence / 2 / Math.log(2);
        return Math.sqrt(Math.min(1, Math.max(0, bits)));
    }
}
