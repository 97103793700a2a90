package io.plumbline.monitor.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.drift.PopulationStabilityIndex;
import io.plumbline.monitor.window.NumericWindow;
import org.junit.jupiter.api.Test;

class CoarseHistogramTest {

    /**
     * Ten fine bins (0,1], ..., (9,10] of 10 reference values each, two coarse bins: (.., 5] and (5, ..).
     * Current: 60 values at 2.5, 10 below the range (-1, joins the first bin), 30 above it (20, joins the
     * last). Shares: reference 0.5 / 0.5, current 0.7 / 0.3. By hand (natural log):
     * (0.7 - 0.5) ln(0.7 / 0.5) = 0.2 * 0.3364722366 = 0.0672944473;
     * (0.3 - 0.5) ln(0.3 / 0.5) = -0.2 * -0.5108256238 = 0.1021651248; PSI = 0.1694595721.
     */
    @Test
    void binsAndTerms_matchHandComputation() {
        double[] edges = new double[11];
        long[] counts = new long[10];
        for (int i = 0; i <= 10; i++) {
            edges[i] = i;
        }
        java.util.Arrays.fill(counts, 10);
        NumericSummary ref = new NumericSummary(5, 2.9, edges, counts);
        NumericWindow cur = new NumericWindow("x", ref);
        for (int i = 0; i < 60; i++) {
            cur.add(2.5);
        }
        for (int i = 0; i < 10; i++) {
            cur.add(-1);
        }
        for (int i = 0; i < 30; i++) {
            cur.add(20);
        }
        CoarseHistogram h = CoarseHistogram.of(ref, cur, 2);
        assertArrayEquals(new long[] {50, 50}, h.reference());
        assertArrayEquals(new long[] {70, 30}, h.current());
        assertEquals(0.0672944473, h.contributions()[0], 1e-9);
        assertEquals(0.1021651248, h.contributions()[1], 1e-9);
        assertEquals("≤ 5", h.label(0));
        assertEquals("> 5", h.label(1));
        // The terms are the statistic's own: added in order they give PSI's bits.
        assertEquals(PopulationStabilityIndex.of(h.reference(), h.current()), h.contributions()[0] + h.contributions()[1]);
        assertEquals(0.1694595721, h.contributions()[0] + h.contributions()[1], 1e-9);
    }

    @Test
    void middleBinLabels_areRightClosedIntervals() {
        CoarseHistogram h = new CoarseHistogram(new double[] {1.5, 2.25, Double.POSITIVE_INFINITY}, new long[3],
                new long[3], null);
        assertEquals("≤ 1.5", h.label(0));
        assertEquals("(1.5, 2.25]", h.label(1));
        assertEquals("> 2.25", h.label(2));
    }
}
