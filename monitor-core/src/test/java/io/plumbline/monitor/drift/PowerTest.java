package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** Detection of real shifts, and statistics that grow with the size of the shift (NannyML-style sweeps). */
class PowerTest {
    private final DriftAnalyzer analyzer = new DriftAnalyzer(DriftSettings.defaults());

    @Test
    void tenthSigmaMeanShift_atTenThousand_isDetectedInNinetyNinePercent() {
        SplittableRandom random = new SplittableRandom(99);
        ReferenceProfile profile = Samples.profile(Samples.normal(random, 50_000, 0, 1), 1000);
        int ks = 0;
        int psi = 0;
        for (int i = 0; i < 200; i++) {
            FeatureDrift drift = analyzer.analyze(Samples.feature(profile),
                    Samples.window(profile, Samples.normal(random, 10_000, 0.1, 1)));
            ks += drift.result(Method.KS).verdict() == Verdict.DRIFT ? 1 : 0;
            psi += drift.result(Method.PSI).verdict() == Verdict.DRIFT ? 1 : 0;
        }
        assertTrue(ks >= 198, "KS detected " + ks + " of 200");
        assertTrue(psi >= 198, "PSI chi-square rule detected " + psi + " of 200");
    }

    /** Statistics for current = z * scale + shift, with the same z for every step (common random numbers). */
    private double[][] sweep(double[] shifts, double[] scales) {
        SplittableRandom random = new SplittableRandom(7);
        ReferenceProfile profile = Samples.profile(Samples.normal(random, 20_000, 0, 1), 1000);
        double[] z = Samples.normal(random, 5_000, 0, 1);
        double[][] stats = new double[shifts.length][];
        for (int s = 0; s < shifts.length; s++) {
            double shift = shifts[s];
            double scale = scales[s];
            double[] current = DoubleStream.of(z).map(v -> v * scale + shift).toArray();
            FeatureDrift drift = analyzer.analyze(Samples.feature(profile), Samples.window(profile, current));
            stats[s] = new double[] {drift.result(Method.KS).statistic(), drift.result(Method.PSI).statistic(),
                drift.result(Method.WASSERSTEIN).statistic()};
        }
        return stats;
    }

    private static void assertIncreasing(double[][] stats, String what) {
        String[] names = {"KS D", "PSI", "Wasserstein"};
        for (int s = 1; s < stats.length; s++) {
            for (int k = 0; k < names.length; k++) {
                assertTrue(stats[s][k] > stats[s - 1][k], names[k] + " not increasing along " + what + " at step " + s
                        + ": " + stats[s - 1][k] + " then " + stats[s][k]);
            }
        }
    }

    @Test
    void meanShiftSweep_zeroToThreeSigma_givesIncreasingStatistics() {
        double[] shifts = DoubleStream.iterate(0, v -> v + 0.25).limit(13).toArray();
        double[] scales = DoubleStream.generate(() -> 1).limit(13).toArray();
        assertIncreasing(sweep(shifts, scales), "mean shift");
    }

    @Test
    void scaleSweep_oneToFive_givesIncreasingStatistics() {
        double[] scales = DoubleStream.iterate(1, v -> v + 0.5).limit(9).toArray();
        double[] shifts = new double[scales.length];
        assertIncreasing(sweep(shifts, scales), "scale");
    }
}
