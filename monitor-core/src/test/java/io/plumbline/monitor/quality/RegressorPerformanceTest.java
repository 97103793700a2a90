package io.plumbline.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * predictions 3, −0.5, 2, 7 against targets 2.5, 0, 2, 8: errors e = prediction − target = 0.5, −0.5, 0, −1.
 * MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5; RMSE = √((0.25 + 0.25 + 0 + 1) / 4) = √0.375 = 0.6123724356957945;
 * bias = (0.5 − 0.5 + 0 − 1) / 4 = −0.25.
 */
class RegressorPerformanceTest {

    private static RegressorPerformance of(double[] predictions, double[] targets) {
        RegressorPerformance r = new RegressorPerformance();
        for (int i = 0; i < predictions.length; i++) {
            r.add(predictions[i], targets[i]);
        }
        return r;
    }

    @Test
    void maeRmseBias_onFourRows() {
        RegressorPerformance r = of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0, 2, 8});
        assertEquals(4, r.rows());
        assertEquals(0.5, r.mae(), 1e-15);
        assertEquals(0.6123724356957945, r.rmse(), 1e-15);
        assertEquals(-0.25, r.bias(), 1e-15);
    }

    @Test
    void merge_addsTheWindows() {
        RegressorPerformance a = of(new double[] {3, -0.5}, new double[] {2.5, 0});
        a.merge(of(new double[] {2, 7}, new double[] {2, 8}));
        assertEquals(0.6123724356957945, a.rmse(), 1e-15);
        assertEquals(-0.25, a.bias(), 1e-15);
    }

    @Test
    void emptyWindow_isNaN_andNonFiniteValuesAreRefused() {
        RegressorPerformance r = new RegressorPerformance();
        assertTrue(Double.isNaN(r.mae()) && Double.isNaN(r.rmse()) && Double.isNaN(r.bias()));
        assertThrows(IllegalArgumentException.class, () -> r.add(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> r.add(1, Double.POSITIVE_INFINITY));
    }
}
