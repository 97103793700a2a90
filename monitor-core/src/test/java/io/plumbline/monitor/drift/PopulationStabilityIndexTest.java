package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

    /** Coarse bin of a raw value: right-closed intervals (upper[c-1], upper[c]]. */
    private static int bin(double[] upper, double x) {
        int c = 0;
        while (x > upper[c]) {
            c++;
        }
        return c;
    }

    private static double[] shares(double[] upper, double[] values) {
        double[] shares = new double[upper.length];
        for (double v : values) {
            shares[bin(upper, v)] += 1.0 / values.length;
        }
        return shares;
    }

    @Test
    void psi_equalsTextbookFormulaOnSameDecileEdges() {
        SplittableRandom random = new SplittableRandom(5);
        double[] reference = Samples.normal(random, 10_000, 0, 1);
        double[] current = Samples.normal(random, 2_000, 0.25, 1.3);
        ReferenceProfile profile = Samples.profile(reference, 1000);
        CoarseBins coarse = CoarseBins.of(Samples.summary(profile), 10);
        double[] upper = coarse.upperEdges();
        assertEquals(10, upper.length);

        double[] e = shares(upper, reference);
        double[] a = shares(upper, current);
        double textbook = 0;
        for (int i = 0; i < e.length; i++) {
            assertEquals(0.1, e[i], 1e-9, "reference deciles hold 10% each");
            textbook += (a[i] - e[i]) * Math.log(a[i] / e[i]);
        }
        FeatureDrift drift = new DriftAnalyzer(DriftSettings.defaults())
                .analyze(Samples.feature(profile), Samples.window(profile, current));
        assertEquals(textbook, drift.result(Method.PSI).statistic(), 1e-12);
    }

    @Test
    void of_emptyBin_usesEpsilonShare() {
        // reference shares 0.5/0.5, current 1.0/0: the empty share becomes 1e-4
        double expected = (1.0 - 0.5) * Math.log(1.0 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
        assertEquals(expected, PopulationStabilityIndex.of(new long[] {5, 5}, new long[] {10, 0}), 1e-15);
    }

    @Test
    void threshold_sampleSizeAware_isChiSquareQuantileTimesSizes() {
        // chi2(0.95, 9) = 16.918977604620448
        double expected = 16.918977604620448 * (1.0 / 10_000 + 1.0 / 1_000);
        assertEquals(expected, PsiThreshold.sampleSizeAware(0.05).threshold(10, 10_000, 1_000), 1e-12);
        assertEquals(0.25, PsiThreshold.fixed(PsiThreshold.SIGNIFICANT).threshold(10, 10, 10));
    }

    @Test
    void threshold_tinyAlpha_isTheUpperQuantileNotInfinity() {
        // python3 -c "from scipy.stats import chi2; print(repr(chi2.isf(1e-20, 9)))"  (scipy 1.17.1)
        // 1 - 1e-20 == 1 in double, so a CDF inverse can only answer infinity here.
        double expected = 115.72492254990395 * (1.0 / 10_000 + 1.0 / 1_000);
        assertEquals(expected, PsiThreshold.sampleSizeAware(1e-20).threshold(10, 10_000, 1_000), 1e-10 * expected);
    }

    @Test
    void pValue_strongDrift_isPositiveAndScipys() {
        // PSI 1.0 over 10 bins, n_ref 10,000, n_cur 1,000: x = 1.0 / (1/10000 + 1/1000) = 909.09...
        // python3 -c "from scipy.stats import chi2; print(repr(chi2.sf(1.0 / (1 / 10000 + 1 / 1000), 9)))"
        // (scipy 1.17.1); 1 - cdf is 0 here.
        double scipy = 6.802103743540001e-190;
        double p = PopulationStabilityIndex.pValue(1.0, 10, 10_000, 1_000);
        assertTrue(p > 0, "p-value " + p);
        assertEquals(1.0, p / scipy, 1e-10, "p " + p + " vs scipy " + scipy);
    }
}
