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
}
