package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chi-square upper tail and its inverse against scipy 1.17.1, values from
 * {@code python3 -c "from scipy.stats import chi2; print(repr(chi2.sf(x, df)))"} and
 * {@code python3 -c "from scipy.stats import chi2; print(repr(chi2.isf(alpha, df)))"} per row.
 */
class ChiSquareTailTest {

    /**
     * Ordinary to strong drift; {@code 1 - cdf} would give 0 from about 1e-16 down. Both sides evaluate
     * the incomplete gamma function in double precision (Commons Math's continued fraction, cephes'
     * igamc), so they agree to about 1e-13 relatively; the tolerance is 1e-10.
     */
    @ParameterizedTest
    @CsvSource({
        "3.0, 2, 0.22313016014842982",
        "15.5, 9, 0.0780859925596112",
        "40.0, 9, 7.598525229464264e-06",
        "78.24764522817729, 5, 1.9512248686367163e-15",
        "120.0, 9, 1.336164776532522e-21",
        "500.0, 9, 5.7494139030446954e-102",
        "700.0, 20, 2.2134053404244967e-135",
        "1500.0, 60, 5.326945235582446e-274",
        "1300.0, 1, 1.1303728441493301e-284",
        "1420.0, 9, 3.688255191027508e-300",
    })
    void survival_isScipysChi2Sf_downTo1e300(double x, int df, double scipy) {
        double p = ChiSquareTail.survival(x, df);
        assertTrue(p > 0, "p-value " + p + " should be positive");
        assertEquals(1.0, p / scipy, 1e-10, "p " + p + " vs scipy " + scipy);
    }

    @Test
    void survival_atOrBelowZero_isOne() {
        assertEquals(1.0, ChiSquareTail.survival(0, 3));
    }

    /** The quantile with upper tail alpha; alpha 1e-20 and below have no {@code 1 - alpha} in double. */
    @ParameterizedTest
    @CsvSource({
        "0.05, 9, 16.91897760462045",
        "0.01, 1, 6.634896601021217",
        "1e-06, 4, 33.37684158171984",
        "0.05, 99, 123.22522145336181",
        "1e-20, 9, 115.72492254990395",
        "1e-100, 9, 494.2066045815078",
        "1e-300, 9, 1422.623208157042",
    })
    void inverseSurvival_isScipysChi2Isf(double alpha, int df, double scipy) {
        assertEquals(scipy, ChiSquareTail.inverseSurvival(alpha, df), 1e-10 * scipy);
    }
}
