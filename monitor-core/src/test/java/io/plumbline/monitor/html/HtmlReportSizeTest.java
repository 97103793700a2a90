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

    /**
     * Drift over time ({@code --time-column}) grows the page by windows times features: 30 daily windows
     * of the 100 features, with full-precision numbers as the JSON report writes them, add under 900 bytes
     * per window and feature (the figure DRIFT.md quotes; about 830, a third of it the embedded JSON's
     * window objects), about 2.5 MB: past the 2 MB of the page without them.
     */
    @Test
    void overTime_addsUnder900BytesPerWindowAndFeature() {
        Random random = new Random(7);
        List<FeatureProfile> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(new FeatureProfile("feature_" + f, FeatureRole.INPUT, BINS * 100L, 0, normalBins(f), null));
        }
        DriftWindow window = new DriftWindow(new ReferenceProfile(BINS * 100L, features));
        for (int f = 0; f < FEATURES; f++) {
            for (int i = 0; i < 3_000; i++) {
                window.numeric("feature_" + f).add(f + random.nextGaussian() + (f % 2 == 0 ? 0.3 : 0));
            }
        }
        window.addRows(3_000);
        DriftSettings settings = DriftSettings.defaults();
        com.fasterxml.jackson.databind.node.ObjectNode tree = ReportFixture.tree(window, settings);
        String without = new HtmlReport().render("size", tree, window, settings.coarseBins(), Map.of());
        int days = 30;
        com.fasterxml.jackson.databind.node.ObjectNode overTime = tree.putObject("overTime").put("column", "date")
                .put("window", "1d");
        com.fasterxml.jackson.databind.node.ArrayNode list = overTime.putArray("windows");
        java.time.Instant start = java.time.Instant.parse("2026-11-01T00:00:00Z");
        for (int d = 0; d < days; d++) {
            list.addObject().put("start", start.plusSeconds(86_400L * d).toString())
                    .put("end", start.plusSeconds(86_400L * (d + 1)).toString()).put("rows", 100).putArray("driftedFeatures");
        }
        for (com.fasterxml.jackson.databind.JsonNode f : tree.get("features")) {
            com.fasterxml.jackson.databind.node.ArrayNode own = ((com.fasterxml.jackson.databind.node.ObjectNode) f)
                    .putArray("windows");
            for (int d = 0; d < days; d++) {
                double p = random.nextDouble() * 1e-3;
                own.addObject().put("start", start.plusSeconds(86_400L * d).toString())
                        .put("end", start.plusSeconds(86_400L * (d + 1)).toString()).put("rows", 100).put("count", 100)
                        .put("method", "ks").put("statistic", random.nextDouble()).put("bound", 0.001).put("pValue", p)
                        .put("adjustedPValue", Math.min(1, 100 * p)).put("threshold", 0.05)
                        .put("verdict", p * 100 < 0.05 ? "drift" : "no_drift");
            }
        }
        String with = new HtmlReport().render("size", tree, window, settings.coarseBins(), Map.of());
        assertEquals(FEATURES, with.split("data-chart=\"overtime\"", -1).length - 1, "one over-time chart per feature");
        double perWindow = (double) (with.getBytes(StandardCharsets.UTF_8).length
                - without.getBytes(StandardCharsets.UTF_8).length) / (FEATURES * days);
        System.out.println("drift over time: " + perWindow + " bytes per window and feature");
        assertTrue(perWindow < 900, perWindow + " bytes per window and feature");
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
