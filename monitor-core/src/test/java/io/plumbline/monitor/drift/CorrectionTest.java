package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CorrectionTest {
    private static final double[] P = {0.01, 0.04, 0.03, Double.NaN, 0.005};

    @Test
    void bonferroni_multipliesByTestedCount() {
        // m = 4 tested features (the NaN is not tested)
        assertArrayEquals(new double[] {0.04, 0.16, 0.12, Double.NaN, 0.02}, Correction.BONFERRONI.adjust(P), 1e-15);
    }

    @Test
    void benjaminiHochberg_matchesStepUpByHand() {
        // sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4); m p / rank = 0.02, 0.02, 0.04, 0.04;
        // running minimum from the largest rank down leaves them unchanged
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, Double.NaN, 0.02},
                Correction.BENJAMINI_HOCHBERG.adjust(P), 1e-15);
    }

    @Test
    void none_leavesPValues() {
        assertArrayEquals(P, Correction.NONE.adjust(P), 0.0);
    }

    @Test
    void tinyPValues_stayPositiveAndScaleExactly() {
        // Strong drift gives p-values near the bottom of the double range; the correction multiplies and
        // divides by small integers, which neither underflows nor rounds them to 0. By hand, m = 3:
        // Bonferroni 3e-300, 1.5e-300, 1 (clipped); BH sorted 5e-301 (rank 1), 1e-300 (2), 0.5 (3):
        // 3 p / rank = 1.5e-300, 1.5e-300, 0.5, already non-decreasing. The smallest subnormal times 3
        // is exactly 3 of it.
        double[] p = {1e-300, 5e-301, 0.5, Double.NaN};
        assertArrayEquals(new double[] {3e-300, 1.5e-300, 1, Double.NaN}, Correction.BONFERRONI.adjust(p), 1e-315);
        assertArrayEquals(new double[] {1.5e-300, 1.5e-300, 0.5, Double.NaN},
                Correction.BENJAMINI_HOCHBERG.adjust(p), 1e-315);
        double[] smallest = {Double.MIN_VALUE, 0.5, 0.5};
        assertArrayEquals(new double[] {3 * Double.MIN_VALUE, 1, 1}, Correction.BONFERRONI.adjust(smallest), 0.0);
    }
}
