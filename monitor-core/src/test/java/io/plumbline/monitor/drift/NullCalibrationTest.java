package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import io.plumbline.monitor.window.NumericWindow;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Under no drift each rule must fire in about alpha of the windows. Every window draws a fresh
 * reference (n_ref = 10,000) and current sample (n_cur = 1,000) from the same distribution, so the
 * rate is the unconditional false-alarm rate the tests promise; with 2,000 windows its standard error
 * at 5% is 0.49 points, so [3%, 7%] is four standard errors wide.
 */
class NullCalibrationTest {
    private static final int WINDOWS = 2_000;

    @Test
    void ksAndPsiChiSquareRules_fireInThreeToSevenPercentOfNoDriftWindows() {
        DriftAnalyzer analyzer = new DriftAnalyzer(DriftSettings.defaults().withCorrection(Correction.NONE));
        SplittableRandom random = new SplittableRandom(20240601L);
        int ks = 0;
        int psi = 0;
        for (int i = 0; i < WINDOWS; i++) {
            ReferenceProfile profile = Samples.profile(Samples.normal(random, 10_000, 0, 1), 1000);
            NumericWindow window = Samples.window(profile, Samples.normal(random, 1_000, 0, 1));
            FeatureDrift drift = analyzer.analyze(Samples.feature(profile), window);
            ks += drift.result(Method.KS).verdict() == Verdict.DRIFT ? 1 : 0;
            psi += drift.result(Method.PSI).verdict() == Verdict.DRIFT ? 1 : 0;
        }
        double ksRate = (double) ks / WINDOWS;
        double psiRate = (double) psi / WINDOWS;
        assertTrue(ksRate >= 0.03 && ksRate <= 0.07, "KS false-alarm rate " + ksRate);
        assertTrue(psiRate >= 0.03 && psiRate <= 0.07, "PSI chi-square rule false-alarm rate " + psiRate);
    }
}
