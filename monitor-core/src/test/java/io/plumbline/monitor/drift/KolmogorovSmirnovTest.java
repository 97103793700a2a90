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

    /**
     * Below n m = 10,000 the p-value is the exact P(D >= d) of the two-sample statistic under the
     * null. Expected values from scipy 1.17.1, on samples whose D is the d of the row, e.g. for the
     * first row:
     * {@code python3 -c "import numpy as np; from scipy.stats import ks_2samp;
     * print(repr(ks_2samp(np.arange(40)/40, np.arange(50)/50 + 0.25, method='exact').pvalue))"}
     * (statistic 0.27); the other rows shift by 0.3 (40, 50), 0.4 (10, 20), 0.2 (60, 80), 0.1 (30, 30)
     * and 0.1 (99, 100). The same values (to 1e-15) come from counting lattice paths by hand: P(D < d)
     * is the share of the C(n+m, n) orderings whose path keeps |i m - j n| < d n m. Tolerance 1e-12:
     * both sides are exact combinatorics in floating point and agree to about 3e-16.
     */
    @ParameterizedTest
    @CsvSource({
        "0.27, 40, 50, 0.065206450857269",
        "0.32, 40, 50, 0.016561697879746644",
        "0.5, 10, 20, 0.062288669185220906",
        "0.21666666666666667, 60, 80, 0.07019599805594055",
        "0.13333333333333333, 30, 30, 0.9578462903438838",
        "0.11, 99, 100, 0.5229161371872697",
        "0, 10, 20, 1.0",
    })
    void pValue_smallSamples_isTheExactPOfDAtLeastD(double d, int n, int m, double scipy) {
        assertTrue((long) n * m < KolmogorovSmirnov.LARGE_SAMPLE_PRODUCT, "a row of the exact branch");
        assertEquals(scipy, ks.pValue(d, n, m), 1e-12);
    }

    /**
     * From n m = 10,000 on, the asymptotic Kolmogorov distribution at t = d sqrt(n m / (n + m)).
     * Expected values from scipy 1.17.1's survival function of that distribution:
     * {@code python3 -c "import numpy as np; from scipy.special import kolmogorov;
     * print(repr(kolmogorov(0.05 * np.sqrt(10000 * 1000 / (10000 + 1000)))))"}
     * and so on per row. The last row has sizes beyond an int (the code's own formula there).
     * Tolerance 1e-12 absolute: the code computes 1 - K(t) by subtraction, so a tiny p-value
     * (6.7e-10 in the third row) agrees only absolutely (by about 2e-17), not to 1e-12 relatively.
     */
    @ParameterizedTest
    @CsvSource({
        "0.01, 10000, 1000, 0.9999893805133556",
        "0.05, 10000, 1000, 0.02123066752787322",
        "0.2, 500, 600, 6.691354314678104e-10",
        "0.03, 123456, 2000, 0.05787403659693047",
        "0, 1000, 1000, 1.0",
        "0.001, 5000000000, 1000000, 0.27010686588767685",
    })
    void pValue_largeSamples_isTheAsymptoticKolmogorovTail(double d, long n, long m, double scipy) {
        assertTrue(n * m >= KolmogorovSmirnov.LARGE_SAMPLE_PRODUCT, "a row of the asymptotic branch");
        assertEquals(scipy, ks.pValue(d, n, m), 1e-12);
    }

    @Test
    void pValue_ofRawSamples_whenBinsResolveEveryValue() {
        SplittableRandom random = new SplittableRandom(11);
        double[] reference = Samples.normal(random, 400, 0, 1);
        double[] current = Samples.normal(random, 300, 0.2, 1);
        // 1000 bins for 400 values: one singleton bin per value, so binned D is the exact D
        ReferenceProfile profile = Samples.profile(reference, 1000);
        KolmogorovSmirnov.Statistic s = ks.statistic(Samples.summary(profile), Samples.window(profile, current));
        assertEquals(0.0, s.bound());
        // Commons Math's raw-sample D: an independent computation (sorting the values, no bins).
        assertEquals(commons.kolmogorovSmirnovStatistic(reference, current), s.d(), 0.0);
        assertEquals(146.0 / 1200, s.d(), 1e-15);
        // python3 -c "import numpy as np; from scipy.special import kolmogorov;
        //   print(repr(kolmogorov(146 / 1200 * np.sqrt(400 * 300 / (400 + 300)))))"  (scipy 1.17.1)
        assertEquals(0.01249919347479734, ks.pValue(s.d(), 400, 300), 1e-12);
    }
}
