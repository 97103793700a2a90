package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {
    private final KolmogorovSmirnov ks = new KolmogorovSmirnov();
    private final org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();

    private static double[] draw(String kind, SplittableRandom random, int n, double shift) {
        double[] x = switch (kind) {
            case "normal" -> Samples.normal(random, n, 0, 1);
            case "cauchy" -> Samples.cauchy(random, n);
            case "t3" -> Samples.studentT(random, n, 3);
            case "atoms" -> Samples.atoms(random, n);
            default -> throw new IllegalArgumentException(kind);
        };
        return DoubleStream.of(x).map(v -> v + shift).toArray();
    }

    @ParameterizedTest
    @CsvSource({
        "normal, 0", "normal, 0.3", "cauchy, 0", "cauchy, 1", "t3, 0", "t3, 0.5", "atoms, 0", "atoms, 1",
        "atoms, 0.5"
    })
    void statistic_containsExactRawSampleD(String kind, double shift) {
        SplittableRandom random = new SplittableRandom(kind.hashCode() * 31L + (long) (shift * 10));
        for (int trial = 0; trial < 5; trial++) {
            double[] reference = draw(kind, random, 20_000, 0);
            double[] current = draw(kind, random, 2_000 + 500 * trial, shift);
            ReferenceProfile profile = Samples.profile(reference, 1000);
            KolmogorovSmirnov.Statistic s = ks.statistic(Samples.summary(profile), Samples.window(profile, current));
            double exact = commons.kolmogorovSmirnovStatistic(reference, current);
            assertTrue(s.d() <= exact + 1e-12 && exact <= s.d() + s.bound() + 1e-12,
                    kind + " shift " + shift + ": exact D " + exact + " outside [" + s.d() + ", " + (s.d() + s.bound()) + "]");
            assertTrue(s.bound() <= 2.0 / 1000, "bound " + s.bound() + " should be about 1/B even with atoms");
        }
    }

    @Test
    void statistic_atomsGetSingletonBins_boundStaysSmall() {
        double[] reference = Samples.atoms(new SplittableRandom(3), 10_000);
        ReferenceProfile profile = Samples.profile(reference, 1000);
        // only 10 distinct values: every bin is a singleton or empty, so binned D is exact
        assertEquals(0.0, Samples.summary(profile).maxBinMass());
    }

    @ParameterizedTest
    @CsvSource({"0.01, 10000, 1000", "0.05, 10000, 1000", "0.2, 500, 600", "0.03, 123456, 2000", "0, 1000, 1000",
        "0.3, 40, 50", "0.5, 10, 20"})
    void pValue_equalsCommonsMathForSameDAndSizes(double d, int n, int m) {
        double expected = (long) n * m < 10_000 ? commons.exactP(d, n, m, true) : commons.approximateP(d, n, m);
        assertEquals(expected, ks.pValue(d, n, m), 0.0);
    }

    @Test
    void pValue_equalsCommonsMathRawSampleTest_whenBinsResolveEveryValue() {
        SplittableRandom random = new SplittableRandom(11);
        double[] reference = Samples.normal(random, 400, 0, 1);
        double[] current = Samples.normal(random, 300, 0.2, 1);
        // 1000 bins for 400 values: one singleton bin per value, so binned D is the exact D
        ReferenceProfile profile = Samples.profile(reference, 1000);
        KolmogorovSmirnov.Statistic s = ks.statistic(Samples.summary(profile), Samples.window(profile, current));
        assertEquals(0.0, s.bound());
        assertEquals(commons.kolmogorovSmirnovStatistic(reference, current), s.d(), 0.0);
        assertEquals(commons.kolmogorovSmirnovTest(reference, current), ks.pValue(s.d(), 400, 300), 0.0);
    }
}
