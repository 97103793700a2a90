package io.plumbline.monitor.quality;

import io.plumbline.events.profile.ClassCalibration;
import java.util.Arrays;

/**
 * Isotonic regression by pool-adjacent-violators (Barlow et al. 1972): the non-decreasing step function
 * of x closest in squared error to the 0/1 outcomes y. Equal x values are pooled first (one weighted
 * point), then any block whose mean is not below its right neighbour's is merged with it, until the block
 * means increase strictly. O(n log n) for the sort, O(n) for the pooling.
 *
 * <p>The curve keeps each block's first and last x as knots at the block's mean, so on the reference
 * points it is exactly the step function, and between blocks it is linear (what scikit-learn's
 * IsotonicRegression does by default).
 */
final class Isotonic {
    private Isotonic() {
    }

    static ClassCalibration fit(String name, String output, double[] scores, boolean[] outcomes, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // Blocks as parallel arrays: first x, last x, weight, sum of outcomes; a stack of length m.
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] weight = new double[n];
        double[] sum = new double[n];
        int m = 0;
        for (int j = 0; j < n; j++) {
            int i = order[j];
            double x = scores[i];
            double y = outcomes[i] ? 1 : 0;
            if (m > 0 && hi[m - 1] == x) {
                weight[m - 1]++;
                sum[m - 1] += y;
            } else {
                lo[m] = x;
                hi[m] = x;
                weight[m] = 1;
                sum[m] = y;
                m++;
            }
            // Pool while the last block's mean does not exceed its left neighbour's.
            while (m > 1 && sum[m - 2] / weight[m - 2] >= sum[m - 1] / weight[m - 1]) {
                hi[m - 2] = hi[m - 1];
                weight[m - 2] += weight[m - 1];
                sum[m - 2] += sum[m - 1];
                m--;
            }
        }
        double[] kx = new double[2 * m];
        double[] ky = new double[2 * m];
        int knots = 0;
        for (int b = 0; b < m; b++) {
            double mean = sum[b] / weight[b];
            kx[knots] = lo[b];
            ky[knots++] = mean;
            if (hi[b] > lo[b]) {
                kx[knots] = hi[b];
                ky[knots++] = mean;
            }
        }
        return new ClassCalibration(name, output, Arrays.copyOf(kx, knots), Arrays.copyOf(ky, knots));
    }
}
