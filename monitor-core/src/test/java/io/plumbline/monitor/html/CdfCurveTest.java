package io.plumbline.monitor.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.drift.KolmogorovSmirnov;
import io.plumbline.monitor.window.NumericWindow;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CdfCurveTest {

    /**
     * Reference: one value in each of (0,1], (1,2], (2,3], (3,4] (n = 4). Current: 0.5, 0.5, 1.5, 3.5
     * (m = 4). By hand, at the edges 0..4: F_ref = 0, 1/4, 2/4, 3/4, 1 and F_cur = 0, 2/4, 3/4, 3/4, 1, so
     * |F_ref - F_cur| = 0, 1/4, 1/4, 0, 0: D = 1/4, first attained at the edge 1.
     */
    @Test
    void ksPointAndCdfs_matchHandComputation() {
        NumericSummary ref = new NumericSummary(2, 1, new double[] {0, 1, 2, 3, 4}, new long[] {1, 1, 1, 1});
        NumericWindow cur = new NumericWindow("x", ref);
        for (double v : new double[] {0.5, 0.5, 1.5, 3.5}) {
            cur.add(v);
        }
        CdfCurve c = CdfCurve.of(ref, cur, 0);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, c.x());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, c.reference());
        assertArrayEquals(new double[] {0, 0.5, 0.75, 0.75, 1}, c.current());
        assertEquals(1.0, c.x()[c.ks()], "KS edge");
        assertEquals(0.25, c.d());
        assertEquals(new KolmogorovSmirnov().statistic(ref, cur).d(), c.d(), "same D as the statistic");
    }

    /** Values outside the reference range are in the current CDF at the first edge and missing at the last. */
    @Test
    void outOfRangeValues_showAtTheEnds() {
        NumericSummary ref = new NumericSummary(2, 1, new double[] {0, 1, 2, 3, 4}, new long[] {1, 1, 1, 1});
        NumericWindow cur = new NumericWindow("x", ref);
        for (double v : new double[] {-5, 0.5, 1.5, 9}) {
            cur.add(v);
        }
        CdfCurve c = CdfCurve.of(ref, cur, 0);
        assertEquals(0.25, c.current()[0]);
        assertEquals(0.75, c.current()[c.current().length - 1]);
        assertEquals(1, c.belowCount());
        assertEquals(1, c.aboveCount());
        // |F_ref - F_cur| at edges 0..4: 1/4, 1/4, 1/4, 0, 1/4: first maximum at edge 0.
        assertEquals(0.0, c.x()[c.ks()], "KS edge");
        assertEquals(0.25, c.d());
    }

    /** Collinear points need only their ends; the KS edge is kept even where the line is straight. */
    @Test
    void straightCdfs_keepOnlyEndsAndKsEdge() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] a = {0, 0.2, 0.4, 0.6, 0.8, 1};
        double[] b = {0, 0.1, 0.2, 0.3, 0.4, 0.5};
        assertEquals(List.of(0, 5), CdfCurve.thin(x, a, b, 0, 1e-9));
        assertEquals(List.of(0, 3, 5), CdfCurve.thin(x, a, b, 3, 1e-9));
    }

    /**
     * The promise of the thinning: at every skipped edge, the drawn line between the kept neighbours is
     * within the tolerance of both curves (checked here by linear interpolation, not by the code's cone).
     */
    @Test
    void thinnedCurves_stayWithinTolerance_onNoisyData() {
        Random random = new Random(7);
        int bins = 1000;
        double[] edges = new double[bins + 1];
        long[] counts = new long[bins];
        for (int i = 0; i <= bins; i++) {
            edges[i] = i + random.nextDouble() * 0.5;
        }
        for (int i = 0; i < bins; i++) {
            counts[i] = 10;
        }
        NumericSummary ref = new NumericSummary(500, 290, edges, counts);
        NumericWindow cur = new NumericWindow("x", ref);
        for (int i = 0; i < 3000; i++) {
            cur.add(Math.abs(random.nextGaussian()) * 300);
        }
        double tolerance = 1.0 / 480;
        CdfCurve all = CdfCurve.of(ref, cur, 0);
        CdfCurve thin = CdfCurve.of(ref, cur, tolerance);
        assertTrue(thin.x().length < all.x().length, "thinning dropped nothing");
        assertEquals(all.d(), thin.d());
        assertEquals(all.x()[all.ks()], thin.x()[thin.ks()]);
        int k = 0;
        for (int j = 0; j < all.x().length; j++) {
            while (thin.x()[k + 1] < all.x()[j] && k + 2 < thin.x().length) {
                k++;
            }
            double t = (all.x()[j] - thin.x()[k]) / (thin.x()[k + 1] - thin.x()[k]);
            double ra = thin.reference()[k] + t * (thin.reference()[k + 1] - thin.reference()[k]);
            double ca = thin.current()[k] + t * (thin.current()[k + 1] - thin.current()[k]);
            assertTrue(Math.abs(ra - all.reference()[j]) <= tolerance + 1e-12, "reference off at edge " + j);
            assertTrue(Math.abs(ca - all.current()[j]) <= tolerance + 1e-12, "current off at edge " + j);
        }
    }
}
