package io.plumbline.monitor.html;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.NumericWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference and current empirical CDFs at the fine reference bin edges, where the KS statistic is
 * taken, thinned for drawing, with the edge where D is attained always kept.
 *
 * <p>At edge {@code j} ({@code 0..B}) the reference CDF is {@code R_j / n} and the current one
 * {@code C_j / m}, with {@code C_j} including the values below the reference range (slot 0), exactly as
 * {@link io.plumbline.monitor.drift.KolmogorovSmirnov} walks them; the KS edge is the first {@code j}
 * maximising {@code |R_j m - C_j n|}, compared in integers as there. Between edges the CDFs are drawn as
 * straight lines (values spread uniformly in a bin, as the Wasserstein estimate assumes).
 *
 * <p><b>Thinning</b> (a "swing door" line simplification, one pass): from the last kept edge {@code k},
 * the next edges are skipped while the straight line from {@code k} to the candidate passes within
 * {@code tolerance} (in CDF units) of every skipped point on both curves; the cone of admissible slopes
 * is kept per curve, so the pass is O(B). A smooth 1000-bin CDF keeps a few dozen points, a step-like
 * one more, never more than B + 1; the drawn curves are never further than the tolerance from the true
 * ones at any edge.
 *
 * @param x edge values of the kept points
 * @param reference reference CDF at those edges
 * @param current current CDF at those edges
 * @param ks index in {@code x} of the edge where D is attained
 * @param below current share below the reference range
 * @param above current share above the reference range
 * @param belowCount current values below the reference range
 * @param aboveCount current values above the reference range
 * @param d the KS distance at the kept edge, computed as the statistic computes it (same bits)
 */
record CdfCurve(double[] x, double[] reference, double[] current, int ks, double below, double above,
        long belowCount, long aboveCount, double d) {

    /** Under one view-box unit of the 370-unit plot height, i.e. under half a pixel as drawn. */
    static final double TOLERANCE = 1.0 / 480;

    /** Null when either side is empty (no KS statistic either). */
    static CdfCurve of(NumericSummary summary, NumericWindow window, double tolerance) {
        long[] ref = summary.counts();
        double[] edges = summary.edges();
        long n = summary.total();
        long m = window.count();
        if (n == 0 || m == 0) {
            return null;
        }
        int edgeCount = ref.length + 1;
        double[] fRef = new double[edgeCount];
        double[] fCur = new double[edgeCount];
        long refCum = 0;
        long curCum = window.countAt(0);
        boolean exact = n <= Long.MAX_VALUE / 2 / m;
        int ks = 0;
        double best = -1;
        for (int j = 0; j < edgeCount; j++) {
            if (j > 0) {
                refCum += ref[j - 1];
                curCum += window.countAt(j);
            }
            fRef[j] = (double) refCum / n;
            fCur[j] = (double) curCum / m;
            double gap = exact ? Math.abs(refCum * m - curCum * n) : Math.abs(fRef[j] - fCur[j]);
            if (gap > best) {
                best = gap;
                ks = j;
            }
        }
        List<Integer> kept = thin(edges, fRef, fCur, ks, tolerance);
        double[] x = new double[kept.size()];
        double[] r = new double[kept.size()];
        double[] c = new double[kept.size()];
        int ksIndex = -1;
        for (int i = 0; i < kept.size(); i++) {
            int j = kept.get(i);
            x[i] = edges[j];
            r[i] = fRef[j];
            c[i] = fCur[j];
            if (j == ks) {
                ksIndex = i;
            }
        }
        long below = window.countAt(0);
        long above = window.countAt(window.slots() - 1);
        double d = exact ? best / ((double) n * m) : best;
        return new CdfCurve(x, r, c, ksIndex, (double) below / m, (double) above / m, below, above, d);
    }

    /** Indices of the edges to draw: 0, the KS edge, the last edge and the swing-door break points. */
    static List<Integer> thin(double[] x, double[] a, double[] b, int keep, double tolerance) {
        List<Integer> kept = new ArrayList<>();
        kept.add(0);
        int k = 0;
        double[] cone = open();
        for (int j = 1; j < x.length; j++) {
            if (!fits(cone, x, a, b, k, j)) {
                kept.add(j - 1);
                k = j - 1;
                cone = open();
            }
            narrow(cone, x, a, b, k, j, tolerance);
            if (j == keep || j == x.length - 1) {
                kept.add(j);
                k = j;
                cone = open();
            }
        }
        return kept;
    }

    /** Slope intervals [loA, hiA, loB, hiB] that a line from the anchor may take. */
    private static double[] open() {
        return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY};
    }

    private static boolean fits(double[] cone, double[] x, double[] a, double[] b, int k, int j) {
        double dx = x[j] - x[k];
        double sa = (a[j] - a[k]) / dx;
        double sb = (b[j] - b[k]) / dx;
        return sa >= cone[0] && sa <= cone[1] && sb >= cone[2] && sb <= cone[3];
    }

    private static void narrow(double[] cone, double[] x, double[] a, double[] b, int k, int j, double tolerance) {
        double dx = x[j] - x[k];
        cone[0] = Math.max(cone[0], (a[j] - tolerance - a[k]) / dx);
        cone[1] = Math.min(cone[1], (a[j] + tolerance - a[k]) / dx);
        cone[2] = Math.max(cone[2], (b[j] - tolerance - b[k]) / dx);
        cone[3] = Math.min(cone[3], (b[j] + tolerance - b[k]) / dx);
    }
}
