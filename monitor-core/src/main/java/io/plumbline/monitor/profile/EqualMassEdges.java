package io.plumbline.monitor.profile;

import java.util.Arrays;

/**
 * Equal-mass bin edges from sorted values, with atoms in bins of their own.
 *
 * <p>Walking the distinct values in order, a bin closes at value {@code x} (edge {@code x}, bins are
 * right-closed) when the cumulative count reaches the next multiple of {@code n / bins}: edges are the
 * empirical quantiles with ties collapsed, so edges are strictly increasing. A value whose count exceeds
 * {@code n / bins} (an atom) instead gets the edges {@code nextDown(x)} and {@code x}: its bin holds that
 * value alone, and no other bin has to absorb it. Why: the KS bound is the largest reference mass in a
 * bin with a non-empty interior; an atom bin has no interior, so a value holding 30% of the data does
 * not turn a 1/1000 bound into 0.3. Every other bin holds less than two bins' worth (one quantile step
 * plus one non-atom value).
 *
 * <p>Atoms can need two edges each; if the result has more than {@code bins} bins the walk is repeated
 * with a smaller target, so the window array never exceeds {@code bins + 2} slots.
 */
final class EqualMassEdges {
    private EqualMassEdges() {
    }

    /**
     * @param sorted ascending finite values (a full data set or a sample of it), {@code n > 0} used
     * @param min exact minimum of the full data (at most {@code sorted[0]})
     * @param max exact maximum of the full data (at least {@code sorted[n - 1]})
     */
    static double[] compute(double[] sorted, int n, double min, double max, int bins) {
        if (n < 1 || bins < 1) {
            throw new IllegalArgumentException("need at least one value and one bin, had n=" + n + ", bins=" + bins);
        }
        int target = bins;
        while (true) {
            double[] edges = attempt(sorted, n, min, max, target);
            int made = edges.length - 1;
            if (made <= bins || target == 1) {
                return edges;
            }
            target = Math.max(1, Math.min(target - 1, (int) ((long) target * bins / made)));
        }
    }

    private static double[] attempt(double[] v, int n, double min, double max, int target) {
        // At most target quantile closes, fewer than target atoms of two edges each, first and last edge.
        double[] edges = new double[3 * target + 3];
        int e = 0;
        edges[e++] = Math.nextDown(min);
        double perBin = (double) n / target;
        long cumulative = 0;
        long open = 0;
        long nextQuantile = 1;
        int i = 0;
        while (i < n) {
            double x = v[i];
            int j = i + 1;
            while (j < n && v[j] == x) {
                j++;
            }
            int m = j - i;
            cumulative += m;
            if (m > perBin) {
                double below = Math.nextDown(x);
                if (below > edges[e - 1]) {
                    edges[e++] = below;
                }
                edges[e++] = x;
                open = 0;
            } else {
                open += m;
                if (cumulative >= nextQuantile * perBin) {
                    edges[e++] = x;
                    open = 0;
                }
            }
            nextQuantile = Math.max(nextQuantile, (long) Math.floor(cumulative / perBin) + 1);
            i = j;
        }
        if (open > 0 || max > edges[e - 1]) {
            edges[e++] = Math.max(max, v[n - 1]);
        }
        return Arrays.copyOf(edges, e);
    }
}
