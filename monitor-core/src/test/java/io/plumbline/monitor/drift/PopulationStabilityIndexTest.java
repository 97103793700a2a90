package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
