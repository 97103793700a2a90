package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import io.plumbline.monitor.window.DriftWindow;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftAnalyzerTest {
    private final DriftAnalyzer analyzer = new DriftAnalyzer(DriftSettings.defaults());

    private static ReferenceProfile profile() {
        ReferenceProfile numeric = Samples.profile(Samples.normal(new SplittableRandom(1), 5_000, 0, 1), 1000);
        FeatureProfile label = new FeatureProfile("label", FeatureRole.OUTPUT, 1000, 0, null,
                new CategoricalSummary(Map.of("yes", 700L, "no", 300L), 0));
        return new ReferenceProfile(5_000, List.of(Samples.feature(numeric), label));
    }

    @Test
    void emptyWindow_givesInsufficientDataAndNaNStatistics() {
        DriftReport report = analyzer.analyze(new DriftWindow(profile()));
        for (FeatureDrift f : report.features()) {
            assertEquals(Verdict.INSUFFICIENT_DATA, f.verdict());
            f.results().forEach(r -> assertTrue(Double.isNaN(r.statistic()), f.feature() + " " + r.method()));
        }
        assertTrue(!report.anyDrift());
    }

    @Test
    void belowMinCount_computesStatisticsButGivesNoVerdict() {
        DriftWindow window = new DriftWindow(profile());
        for (double v : Samples.normal(new SplittableRandom(2), 499, 3, 1)) {
            window.numeric("x").add(v);
        }
        FeatureDrift x = analyzer.analyze(window).feature("x");
        assertEquals(Verdict.INSUFFICIENT_DATA, x.verdict());
        assertTrue(x.result(Method.KS).statistic() > 0.5);
        window.numeric("x").add(3.0);
        assertEquals(Verdict.DRIFT, analyzer.analyze(window).feature("x").verdict());
    }

    @Test
    void nonFiniteAndUnseen_areCountedAndTheRestIsTested() {
        DriftWindow window = new DriftWindow(profile());
        for (double v : Samples.normal(new SplittableRandom(3), 600, 0, 1)) {
            window.numeric("x").add(v);
        }
        window.numeric("x").add(Double.NaN);
        window.numeric("x").add(Double.POSITIVE_INFINITY);
        for (int i = 0; i < 600; i++) {
            window.categorical("label").add(i % 10 < 7 ? "yes" : "no");
        }
        window.categorical("label").add("maybe");
        DriftReport report = analyzer.analyze(window);
        assertEquals(2, report.feature("x").invalid());
        assertEquals(600, report.feature("x").count());
        assertEquals(Verdict.NO_DRIFT, report.feature("x").verdict());
        assertEquals(1, report.feature("label").unseen());
        assertEquals(Verdict.NO_DRIFT, report.feature("label").verdict());
    }

    @Test
    void unseenCategoryFlood_isDrift() {
        DriftWindow window = new DriftWindow(profile());
        for (int i = 0; i < 600; i++) {
            window.categorical("label").add(i % 2 == 0 ? "yes" : "new-class");
        }
        FeatureDrift label = analyzer.analyze(window).feature("label");
        assertEquals(Verdict.DRIFT, label.verdict());
        assertEquals(Verdict.DRIFT, label.result(Method.JENSEN_SHANNON).verdict());
    }

    @Test
    void bonferroni_adjustsKsPValueByFeatureCount() {
        DriftWindow window = new DriftWindow(profile());
        for (double v : Samples.normal(new SplittableRandom(4), 600, 0.1, 1)) {
            window.numeric("x").add(v);
        }
        for (int i = 0; i < 600; i++) {
            window.categorical("label").add(i % 10 < 7 ? "yes" : "no");
        }
        MethodResult ks = analyzer.analyze(window).feature("x").result(Method.KS);
        // chi-square is corrected separately, so KS is the only tested p-value of its method: m = 1
        assertEquals(ks.pValue(), ks.adjustedPValue(), 0.0);
    }
}
