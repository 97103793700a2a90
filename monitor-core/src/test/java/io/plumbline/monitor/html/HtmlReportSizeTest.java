package io.plumbline.monitor.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.window.DriftWindow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The size budget of issue 15: the page of 100 numeric features with 1000 reference bins each stays
 * under 2 MB, because it draws aggregates (coarse bins, thinned CDFs), never rows. The current data are
 * 5,000 values per feature, half of the features shifted by 0.3 sd, so the CDFs are noisy step curves
 * (the expensive case for the thinning), not smooth ones.
 */
class HtmlReportSizeTest {
    static final int FEATURES = 100;
    static final int BINS = 1000;
    static final int BUDGET = 2_000_000;

    @Test
    void hundredFeaturesOfThousandBins_stayUnderTwoMegabytes() {
        Random random = new Random(42);
        List<FeatureProfile> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(new FeatureProfile("feature_" + f, FeatureRole.INPUT, BINS * 100L, 0, normalBins(f), null));
        }
        DriftWindow window = new DriftWindow(new ReferenceProfile(BINS * 100L, features));
        for (int f = 0; f < FEATURES; f++) {
            double shift = f % 2 == 0 ? 0.3 : 0;
            for (int i = 0; i < 5_000; i++) {
                window.numeric("feature_" + f).add(f + random.nextGaussian() + shift);
            }
        }
        window.addRows(5_000);
        DriftSettings settings = DriftSettings.defaults();
        String page = new HtmlReport().render("size", ReportFixture.tree(window, settings), window,
                settings.coarseBins(), Map.of());
        int bytes = page.getBytes(StandardCharsets.UTF_8).length;
        System.out.println("HTML report of " + FEATURES + " features x " + BINS + " bins: " + bytes + " bytes");
        assertEquals(FEATURES, page.split("<tr class=\"v-", -1).length - 1, "one table row per feature");
        assertTrue(bytes < BUDGET, "the page is " + bytes + " bytes, over the budget of " + BUDGET);
    }

    /** 1000 equal-mass bins of N(mean, 1) with 100 reference values each (edges at the normal quantiles). */
    private static NumericSummary normalBins(double mean) {
        org.apache.commons.math3.distribution.NormalDistribution normal =
                new org.apache.commons.math3.distribution.NormalDistribution(null, mean, 1);
        double[] edges = new double[BINS + 1];
        long[] counts = new long[BINS];
        edges[0] = mean - 4;
        edges[BINS] = mean + 4;
        for (int i = 1; i < BINS; i++) {
            edges[i] = normal.inverseCumulativeProbability((double) i / BINS);
        }
        java.util.Arrays.fill(counts, 100);
        return new NumericSummary(mean, 1, edges, counts);
    }
}
