package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WassersteinTest {

    /** Textbook W1 of two samples: the integral of |F1 - F2| between consecutive pooled values. */
    static double exact(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        double w = 0;
        int i = 0;
        int j = 0;
        for (int k = 0; k < all.length - 1; k++) {
            while (i < x.length && x[i] <= all[k]) {
                i++;
            }
            while (j < y.length && y[j] <= all[k]) {
                j++;
            }
            w += Math.abs((double) i / x.length - (double) j / y.length) * (all[k + 1] - all[k]);
        }
        return w;
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "0.5, 1", "0, 2", "2, 0.5", "-1, 3"})
    void normalised_containsExactRawSampleDistance(double shift, double scale) {
        SplittableRandom random = new SplittableRandom(17);
        double[] reference = Samples.normal(random, 20_000, 0, 1);
        double[] current = Samples.normal(random, 5_000, shift, scale);
        ReferenceProfile profile = Samples.profile(reference, 1000);
        Wasserstein.Estimate w = Wasserstein.normalised(Samples.summary(profile), Samples.window(profile, current));
        double exact = exact(reference, current) / Samples.summary(profile).std();
        assertTrue(Math.abs(w.distance() - exact) <= w.bound(),
                "exact " + exact + " outside " + w.distance() + " +- " + w.bound());
        // the bound grows with the current mass in the wide tail bins (scale 3: about 0.12 std)
        assertTrue(w.bound() < 0.15, "bound " + w.bound());
    }

    @ParameterizedTest
    @CsvSource({"0.5, -0.2, 0.20714285714285714", "0.3, 0.3, 0.3", "0, -0.4, 0.2"})
    void absLinearIntegral_matchesTriangleAreas(double da, double db, double expected) {
        // 0.5 -> -0.2 crosses zero at t = 5/7: triangles 0.5 * 5/7 * 0.5 + 0.5 * 2/7 * 0.2 = 1.45 / 7
        assertEquals(expected, Wasserstein.absLinearIntegral(da, db), 1e-15);
    }
}
