package io.plumbline.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plumbline.events.profile.CalibrationMap;
import io.plumbline.events.profile.ClassCalibration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationFitterTest {

    @Test
    void isotonic_matchesScipyOnFourteenPoints() {
        double[] x = {0.05, 0.12, 0.18, 0.25, 0.33, 0.41, 0.47, 0.52, 0.58, 0.66, 0.71, 0.79, 0.85, 0.93};
        boolean[] y = outcomes(0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1);
        // python3 -c 'import numpy as np; from scipy.optimize import isotonic_regression as i;
        //   print(i(np.array([0,1,0,0,1,0,1,0,1,1,0,1,1,1.])).x)'   (scipy 1.17.1)
        // -> [0, 1/3, 1/3, 1/3, 0.5, 0.5, 0.5, 0.5, 2/3, 2/3, 2/3, 1, 1, 1]
        // Knots: each pooled block's first and last x at the block's mean.
        ClassCalibration c = Isotonic.fit("c", "c", shuffled(x), shuffledOutcomes(y), x.length);
        assertArrayEquals(new double[] {0.05, 0.12, 0.25, 0.33, 0.52, 0.58, 0.71, 0.79, 0.93}, c.x(), 0);
        assertArrayEquals(new double[] {0, 1.0 / 3, 1.0 / 3, 0.5, 0.5, 2.0 / 3, 2.0 / 3, 1, 1}, c.y(), 1e-15);
        double[] expected = {0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.5, 0.5, 0.5, 0.5, 2.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1, 1};
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], c.apply(x[i]), 1e-15, "at x = " + x[i]);
        }
    }

    @Test
    void isotonic_poolsEqualScoresBeforeFitting() {
        // Three rows at 0.3 (one positive) and two at 0.6 (both positive): one knot per score,
        // 1/3 and 1; no violation to pool.
        ClassCalibration c = Isotonic.fit("c", "c", new double[] {0.3, 0.6, 0.3, 0.6, 0.3},
                outcomes(1, 1, 0, 1, 0), 5);
        assertArrayEquals(new double[] {0.3, 0.6}, c.x(), 0);
        assertArrayEquals(new double[] {1.0 / 3, 1}, c.y(), 1e-15);
    }

    @Test
    void fit_overconfidentModel_mapsItsScoreToTheObservedFrequency() {
        // Ten rows all scored [0.1, 0.9]; six are truly class 1: the model says 0.9 and is right 60 %.
        CalibrationFitter fitter = new CalibrationFitter(List.of("no", "yes"), List.of("p_no", "p_yes"));
        for (int i = 0; i < 10; i++) {
            fitter.add(new double[] {0.1, 0.9}, i < 6 ? 1 : 0);
        }
        CalibrationMap map = fitter.fit();
        assertEquals(10, map.rows());
        assertEquals(List.of("no", "yes"), map.classNames());
        assertEquals("p_yes", map.classes().get(1).output());
        assertEquals(0.6, map.classes().get(1).apply(0.9), 1e-15);
        assertEquals(0.4, map.classes().get(0).apply(0.1), 1e-15);
    }

    @Test
    void fit_refusesBadInput() {
        CalibrationFitter fitter = new CalibrationFitter(List.of("a", "b"), List.of("a", "b"));
        assertThrows(IllegalStateException.class, fitter::fit);
        assertThrows(IllegalArgumentException.class, () -> fitter.add(new double[] {0.5, 1.5}, 0));
        assertThrows(IllegalArgumentException.class, () -> fitter.add(new double[] {0.5, 0.5}, 2));
        assertThrows(IllegalArgumentException.class, () -> new CalibrationFitter(List.of("a"), List.of("a")));
    }

    private static boolean[] outcomes(int... values) {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i] == 1;
        }
        return b;
    }

    // The fitter sorts; feed it the points reversed so that ordering is its job, not the test's.
    private static double[] shuffled(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[x.length - 1 - i];
        }
        return r;
    }

    private static boolean[] shuffledOutcomes(boolean[] y) {
        boolean[] r = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[y.length - 1 - i];
        }
        return r;
    }
}
