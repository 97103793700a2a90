package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class ChiSquareHomogeneityTest {

    @Test
    void test_smallTable_matchesHandComputation() {
        // reference 30/50/20, current 20/30/50; both rows total 100, N = 200, column totals 50/80/70.
        // Expected counts are the same for both rows: 25, 40, 35.
        // X2 = 2 * (5^2/25 + 10^2/40 + 15^2/35) = 2 * (1 + 2.5 + 6.4285714...) = 19.857142857...
        // df = 2, and for 2 degrees of freedom P(X2 > x) = exp(-x / 2).
        ChiSquareHomogeneity.Result r = ChiSquareHomogeneity.test(new long[] {30, 50, 20}, new long[] {20, 30, 50});
        double x2 = 2 * (1 + 2.5 + 225.0 / 35);
        assertEquals(x2, r.statistic(), 1e-12);
        assertEquals(2, r.degreesOfFreedom());
        assertEquals(Math.exp(-x2 / 2), r.pValue(), 1e-15);
    }

    @Test
    void test_unequalTotals_matchesCommonsMathDataSetsComparison() {
        long[] reference = {400, 250, 200, 100, 50};
        long[] current = {35, 30, 20, 10, 5};
        ChiSquareHomogeneity.Result r = ChiSquareHomogeneity.test(reference, current);
        ChiSquareTest commons = new ChiSquareTest();
        assertEquals(commons.chiSquareDataSetsComparison(reference, current), r.statistic(), 1e-9);
        assertEquals(commons.chiSquareTestDataSetsComparison(reference, current), r.pValue(), 1e-12);
    }

    @Test
    void test_columnEmptyInBoth_isDropped() {
        ChiSquareHomogeneity.Result r = ChiSquareHomogeneity.test(new long[] {30, 50, 20, 0}, new long[] {20, 30, 50, 0});
        assertEquals(2, r.degreesOfFreedom());
    }

    @Test
    void test_emptyCurrent_givesNaN() {
        ChiSquareHomogeneity.Result r = ChiSquareHomogeneity.test(new long[] {3, 4}, new long[] {0, 0});
        assertEquals(Double.NaN, r.statistic());
        assertEquals(Double.NaN, r.pValue());
    }
}
