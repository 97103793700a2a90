package io.plumbline.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Known answers on four rows of three classes, worked by hand:
 * <pre>
 * row  p                    y  ŷ  conf  bin  Σ_k (p_k − y_k)²
 * 1    [0.70, 0.20, 0.10]   0  0  0.70  7    0.09 + 0.04 + 0.01     = 0.14
 * 2    [0.10, 0.60, 0.30]   2  1  0.60  6    0.01 + 0.36 + 0.49     = 0.86
 * 3    [0.20, 0.15, 0.65]   2  2  0.65  6    0.04 + 0.0225 + 0.1225 = 0.185
 * 4    [0.00, 0.95, 0.05]   0  1  0.95  9    1 + 0.9025 + 0.0025    = 1.905
 * </pre>
 */
class ClassifierPerformanceTest {

    private static ClassifierPerformance fourRows() {
        ClassifierPerformance p = new ClassifierPerformance(3);
        p.add(new double[] {0.70, 0.20, 0.10}, 0);
        p.add(new double[] {0.10, 0.60, 0.30}, 2);
        p.add(new double[] {0.20, 0.15, 0.65}, 2);
        p.add(new double[] {0.00, 0.95, 0.05}, 0);
        return p;
    }

    @Test
    void accuracy_isTheShareOfArgmaxHits() {
        assertEquals(0.5, fourRows().accuracy(), 0); // rows 1 and 3 of 4
    }

    @Test
    void logLoss_clipsAZeroProbabilityAtEps() {
        // (−ln 0.7 − ln 0.3 − ln 0.65 − ln 1e−15) / 4; row 4 gave its true class p = 0, clipped to 1e−15.
        // python3 -c 'import math; print(-sum(math.log(v) for v in [0.7,0.3,0.65,1e-15])/4)' -> 9.132551764816952
        assertEquals(9.132551764816952, fourRows().logLoss(), 1e-12);
    }

    @Test
    void brier_isTheMeanSquaredDistanceToTheOneHotLabel() {
        assertEquals((0.14 + 0.86 + 0.185 + 1.905) / 4, fourRows().brier(), 1e-12); // 0.7725
    }

    @Test
    void expectedCalibrationError_weighsEachConfidenceBinByItsRows() {
        // bin 7: 1 row, acc 1, conf 0.70 -> |1 − 0.7| = 0.3, weight 1/4
        // bin 6: 2 rows, acc 1/2, conf (0.6 + 0.65) / 2 = 0.625 -> 0.125, weight 2/4
        // bin 9: 1 row, acc 0, conf 0.95 -> 0.95, weight 1/4
        // 0.075 + 0.0625 + 0.2375 = 0.375
        assertEquals(0.375, fourRows().expectedCalibrationError(), 1e-12);
    }

    @Test
    void expectedCalibrationError_putsConfidenceOneInTheLastBin() {
        ClassifierPerformance p = new ClassifierPerformance(2);
        p.add(new double[] {0.0, 1.0}, 1); // bin 9, acc 1, conf 1 -> 0
        p.add(new double[] {0.95, 0.05}, 1); // bin 9, acc 0, conf 0.95
        // bin 9: acc 1/2, conf 0.975 -> |0.5 − 0.975| = 0.475, weight 1
        assertEquals(0.475, p.expectedCalibrationError(), 1e-12);
    }

    @Test
    void precisionAndRecall_perClass_withNaNWhereUndefined() {
        ClassifierPerformance p = fourRows();
        // predicted 0,1,2,1; true 0,2,2,0
        assertEquals(1.0, p.precision(0), 0); // predicted 0 once (row 1), right
        assertEquals(0.5, p.recall(0), 0);    // true 0 twice (rows 1, 4), found once
        assertEquals(0.0, p.precision(1), 0); // predicted 1 twice, never right
        assertTrue(Double.isNaN(p.recall(1)), "class 1 never occurs: recall undefined");
        assertEquals(1.0, p.precision(2), 0);
        assertEquals(0.5, p.recall(2), 0);
    }

    @Test
    void rowsWithOnlyAPredictedClass_countForAccuracyButNotForProbabilityMetrics() {
        ClassifierPerformance p = new ClassifierPerformance(3);
        p.add(2, 2);
        p.add(1, 0);
        assertEquals(2, p.rows());
        assertEquals(0.5, p.accuracy(), 0);
        assertTrue(Double.isNaN(p.logLoss()) && Double.isNaN(p.brier()) && Double.isNaN(p.expectedCalibrationError()));
        p.add(new double[] {0.70, 0.20, 0.10}, 0);
        assertEquals(3, p.rows());
        assertEquals(1, p.probabilisticRows());
        assertEquals(0.14, p.brier(), 1e-12);
        assertEquals(2.0 / 3, p.accuracy(), 1e-15);
    }

    @Test
    void merge_equalsOneWindowOverAllRows() {
        ClassifierPerformance a = new ClassifierPerformance(3);
        a.add(new double[] {0.70, 0.20, 0.10}, 0);
        a.add(new double[] {0.10, 0.60, 0.30}, 2);
        ClassifierPerformance b = new ClassifierPerformance(3);
        b.add(new double[] {0.20, 0.15, 0.65}, 2);
        b.add(new double[] {0.00, 0.95, 0.05}, 0);
        a.merge(b);
        ClassifierPerformance all = fourRows();
        assertEquals(all.rows(), a.rows());
        assertEquals(all.accuracy(), a.accuracy(), 0);
        assertEquals(all.logLoss(), a.logLoss(), 1e-12);
        assertEquals(all.brier(), a.brier(), 1e-12);
        assertEquals(all.expectedCalibrationError(), a.expectedCalibrationError(), 1e-12);
        assertEquals(all.recall(0), a.recall(0), 0);
        assertThrows(IllegalArgumentException.class, () -> a.merge(new ClassifierPerformance(2)));
    }

    @Test
    void badRows_areRefused() {
        ClassifierPerformance p = new ClassifierPerformance(3);
        assertThrows(IllegalArgumentException.class, () -> p.add(new double[] {0.5, 0.5}, 0));
        assertThrows(IllegalArgumentException.class, () -> p.add(new double[] {0.5, 0.5, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> p.add(new double[] {Double.NaN, 0.5, 0.5}, 0));
        assertThrows(IllegalArgumentException.class, () -> p.add(-1, 0));
        assertEquals(0, p.rows());
    }
}
