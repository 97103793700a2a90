package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The demo data's strongest real drift: Seattle temperatures of 2014 Q3 (92 days) against 2012 (366
 * days), binned as the monitor bins them (1,000 reference bins). The KS p-value was exactly 0.0 before
 * the tails were computed directly (1 - 1e-25 is 1 in double); scipy gives 5e-28 and 4e-39.
 */
class SeattleWeatherPValueTest {

    private static double[] column(String name, int year, int firstMonth, int lastMonth) throws IOException {
        List<String> lines;
        try (InputStream in = SeattleWeatherPValueTest.class.getResourceAsStream("/seattle-weather.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        int c = List.of(lines.get(0).split(",")).indexOf(name);
        return lines.subList(1, lines.size()).stream()
                .filter(l -> l.startsWith(year + "-"))
                .filter(l -> {
                    int month = Integer.parseInt(l.substring(5, 7));
                    return month >= firstMonth && month <= lastMonth;
                })
                .mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
    }

    /**
     * Expected from the raw columns (the binned D equals the raw D, checked first, and D, n and m are
     * all the p-value depends on), scipy 1.17.1, run in the repository root:
     * {@code python3 -c "import csv; from scipy.stats import ks_2samp; rows = list(csv.DictReader(open('data/seattle-weather.csv')));
     * col = lambda y, months: [float(r['temp_max']) for r in rows if r['date'][:4] == y and int(r['date'][5:7]) in months];
     * r = ks_2samp(col('2012', range(1, 13)), col('2014', (7, 8, 9))); print(repr(r.statistic), repr(r.pvalue))"}
     * and the same for {@code temp_min}. With at most 10,000 values per side scipy's default is its exact
     * method, as ours.
     */
    @ParameterizedTest
    @CsvSource({
        "temp_max, 0.6285340936089332, 5.089130328306346e-28",
        "temp_min, 0.7299239724400095, 4.0370555643098645e-39",
    })
    void ks_2014q3Against2012_isPositiveAndScipys(String feature, double scipyD, double scipyP) throws IOException {
        double[] reference = column(feature, 2012, 1, 12);
        double[] current = column(feature, 2014, 7, 9);
        assertEquals(366, reference.length);
        assertEquals(92, current.length);
        ReferenceProfile profile = Samples.profile(reference, 1000);
        KolmogorovSmirnov ks = new KolmogorovSmirnov();
        KolmogorovSmirnov.Statistic s = ks.statistic(Samples.summary(profile), Samples.window(profile, current));
        // The binned D is the raw-sample D here (Commons Math sorts the raw values, no bins).
        assertEquals(new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(reference, current), s.d(), 1e-15);
        assertEquals(scipyD, s.d(), 1e-15);

        double p = ks.pValue(s.d(), reference.length, current.length);
        assertTrue(p > 0, feature + " p-value " + p + " should be positive");
        assertEquals(1.0, p / scipyP, 1e-9, feature + " p " + p + " vs scipy " + scipyP);
    }
}
