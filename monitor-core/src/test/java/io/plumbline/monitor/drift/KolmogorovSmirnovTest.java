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
     * Up to 10,000 values per side the p-value is the exact P(D >= d) of the two-sample statistic under
     * the null, as scipy's {@code ks_2samp(method='exact')}. Expected values from scipy 1.17.1, on samples
     * whose D is the d of the row:
     * {@code python3 -c "import numpy as np; from scipy.stats import ks_2samp;
     * r = ks_2samp(np.arange(n) / n, np.arange(m) / m + shift, method='exact'); print(repr(r.statistic), repr(r.pvalue))"}
     * with the row's n, m and the shift in its comment. Both sides sum lattice-path probabilities in
     * floating point (scipy's recursion differs from ours), so they agree to about 1e-14 relatively, down
     * to the 3e-297 of a strong drift, where the old {@code 1 - P(D < d)} gave 0.
     */
    @ParameterizedTest
    @CsvSource({
        "0.27, 40, 50, 0.065206450857269", // shift 0.25
        "0.32, 40, 50, 0.016561697879746644", // shift 0.3
        "0.5, 10, 20, 0.062288669185220906", // shift 0.4
        "0.21666666666666667, 60, 80, 0.07019599805594055", // shift 0.2
        "0.13333333333333333, 30, 30, 0.9578462903438838", // shift 0.1
        "0.11, 99, 100, 0.5229161371872697", // shift 0.1
        "0.0501, 10000, 1000, 0.02026164253156716", // shift 0.05
        "0.202, 500, 600, 3.275304721988961e-10", // shift 0.2
        "0.602696602518413, 366, 92, 1.0222779386224174e-25", // shift 0.6
        "0.451, 1000, 1000, 5.568767486084818e-92", // shift 0.45
        "0.5005, 2000, 1500, 9.37523773923231e-196", // shift 0.5
        "0.5203333333333333, 3000, 2000, 3.0410812823196432e-297", // shift 0.52
        "0.75125, 800, 1200, 8.699150531597592e-266", // shift 0.75
    })
    void pValue_upTo10000PerSide_isScipysExactTail(double d, int n, int m, double scipy) {
        assertTrue(Math.max(n, m) <= KolmogorovSmirnov.EXACT_LIMIT, "a row of the exact branch");
        double p = ks.pValue(d, n, m);
        assertTrue(p > 0, "p-value " + p + " should be positive");
        assertEquals(1.0, p / scipy, 1e-9, "p " + p + " vs scipy " + scipy);
    }

    /**
     * Every threshold of a few small tables against Commons Math 3.6.1's {@code exactP(d, n, m, false)},
     * an independent implementation (it counts the paths that stay inside and subtracts from 1), which is
     * accurate where p is not tiny: absolute agreement to 1e-12 at every {@code d = k / lcm(n, m)},
     * attained or not, including equal sizes and d = 1.
     */
    @ParameterizedTest
    @CsvSource({"7, 5", "12, 12", "20, 9", "1, 1", "3, 40"})
    void pValue_exactBranch_matchesCommonsMathAtEveryThreshold(int n, int m) {
        int lcm = n / gcd(n, m) * m;
        for (int k = 0; k <= lcm; k++) {
            double d = (double) k / lcm;
            assertEquals(commons.exactP(d, n, m, false), ks.pValue(d, n, m), 1e-12, "n " + n + ", m " + m + ", d " + k + "/" + lcm);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Test
    void pValue_zeroD_isOne() {
        assertEquals(1.0, ks.pValue(0, 10, 20));
        assertEquals(1.0, ks.pValue(0, 1000, 100_000));
    }

    /**
     * Beyond 10,000 on a side, scipy's {@code ks_2samp(method='asymp')}: {@code kstwo.sf(d, round(n m /
     * (n + m)))}. Same command as above with {@code method='asymp'} (scipy 1.17.1). In the tail
     * (e d^2 >= 2.2) both compute {@code 2 smirnov(e, d)}, so they agree to 1e-9 relatively (the sums
     * differ in rounding, from about 1e-12); in the centre the code uses Stephens' corrected Kolmogorov
     * limit, within 2% of scipy's exact-for-e value, and so in the near tail ({@code e d^4 <= 0.1}, the
     * next three rows; scipy's values from {@code kstwo.sf(d, e)}, scipy 1.17.1) within 10%; above
     * e = 100,000 (the last three rows) the Kolmogorov limit itself, within a factor 2 (1.4 at 4e-302). Every row is also positive and within
     * a decade, the requirement; the old {@code 1 - ksSum} gave 0 from about 1e-17 down.
     */
    @ParameterizedTest
    @CsvSource({
        "0.010050000000000003, 20000, 1000, 0.999967657297821, 0.02", // shift 0.01, centre
        "0.04005000000000003, 20000, 1000, 0.09180804626188732, 0.02", // shift 0.04, centre
        "0.030008035251425647, 123456, 2000, 0.056614385429822334, 0.02", // shift 0.03, centre
        "0.04005, 20000, 5000, 5.186507274201828e-06, 0.1", // near tail: e d^4 = 0.010, Stephens
        "0.06002, 50000, 2000, 1.8298985918307802e-06, 0.1", // near tail: e d^4 = 0.025
        "0.0300025, 400000, 30000, 2.942869006029576e-22, 0.1", // near tail: e = 27,907, e d^4 = 0.023
        "0.15005000000000002, 20000, 1000, 3.5466373679061905e-19, 1e-9", // shift 0.15
        "0.35005000000000003, 20000, 1000, 8.727250651471076e-105, 1e-9", // shift 0.35
        "0.5000500000000001, 20000, 1000, 1.1922146051831536e-220, 1e-9", // shift 0.5
        "0.5700000000000001, 20000, 1000, 5.411262915414939e-293, 1e-9", // shift 0.57
        "0.9000199999999999, 50000, 60, 1.998836143648431e-60, 1e-9", // shift 0.9
        "0.12008333333333338, 12000, 11000, 1.4304342845788665e-72, 1e-9", // shift 0.12
        "0.0200025, 400000, 300000, 5.183117735031266e-60, 1.0", // shift 0.02, Kolmogorov limit
        "0.026002499999999998, 400000, 300000, 3.997936939335054e-101, 1.0", // shift 0.026
        "0.0450025, 400000, 300000, 3.924712860861961e-302, 1.0", // shift 0.045
    })
    void pValue_beyond10000OnASide_isScipysAsymptoticTail(double d, long n, long m, double scipy, double relative) {
        assertTrue(Math.max(n, m) > KolmogorovSmirnov.EXACT_LIMIT, "a row of the asymptotic branch");
        double p = ks.pValue(d, n, m);
        assertTrue(p > 0, "p-value " + p + " should be positive");
        assertTrue(p / scipy < 10 && scipy / p < 10, "p " + p + " not within a decade of scipy " + scipy);
        assertEquals(1.0, p / scipy, relative, "p " + p + " vs scipy " + scipy);
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
        // python3 -c "import numpy as np; from scipy.stats import ks_2samp;
        //   r = ks_2samp(np.arange(400) / 400, np.arange(300) / 300 + 0.1195, method='exact');
        //   print(repr(r.statistic), repr(r.pvalue))"  (scipy 1.17.1: D = 146 / 1200)
        assertEquals(1.0, ks.pValue(s.d(), 400, 300) / 0.011576117862031938, 1e-9);
    }
}
