package io.plumbline.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import io.plumbline.monitor.window.DriftWindow;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Four numeric features with a KS verdict, one with too few values (no verdict, so not among
     * the m tested), and a categorical label (chi-square, corrected on its own): the KS p-values
     * are adjusted over m = 4. Shifts and seeds were picked so that the raw p-values (about 0.0024,
     * 0.030, 0.033 and 0.68) make both corrections show: Bonferroni clips d at 1 and turns b and c
     * (raw below alpha) into no drift; Benjamini-Hochberg's step-up lowers b to c's m p / rank.
     */
    private static final String[] TESTED = {"a", "b", "c", "d"};
    private static final double[] SHIFTS = {0.14, 0.05, 0.06, 0.07};
    private static final int[] SEEDS = {10, 12, 11, 13};
    private static final int M = TESTED.length;

    private static DriftWindow fourTestedFeatures() {
        FeatureProfile x = Samples.feature(Samples.profile(Samples.normal(new SplittableRandom(1), 5_000, 0, 1), 1000));
        List<FeatureProfile> features = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "few")) {
            features.add(new FeatureProfile(name, x.role(), x.count(), x.missing(), x.numeric(), null));
        }
        features.add(new FeatureProfile("label", FeatureRole.OUTPUT, 1000, 0, null,
                new CategoricalSummary(Map.of("yes", 700L, "no", 300L), 0)));
        DriftWindow window = new DriftWindow(new ReferenceProfile(5_000, features));
        for (int f = 0; f < M; f++) {
            for (double v : Samples.normal(new SplittableRandom(SEEDS[f]), 600, SHIFTS[f], 1)) {
                window.numeric(TESTED[f]).add(v);
            }
        }
        for (double v : Samples.normal(new SplittableRandom(20), 100, 0, 1)) {
            window.numeric("few").add(v);
        }
        for (int i = 0; i < 600; i++) {
            window.categorical("label").add(i % 10 < 7 ? "yes" : "no");
        }
        return window;
    }

    private static double[] rawKs(DriftReport report) {
        double[] p = new double[M];
        for (int f = 0; f < M; f++) {
            p[f] = report.feature(TESTED[f]).result(Method.KS).pValue();
        }
        // The shape the expectations below rely on (see the comment on TESTED).
        assertTrue(p[0] < p[1] && p[1] < p[2] && p[2] < p[3], Arrays.toString(p));
        assertTrue(p[1] < 0.05 && p[2] < 0.05 && p[3] * M > 1, Arrays.toString(p));
        assertTrue(p[1] * M / 2 > p[2] * M / 3, "b's step-up must matter: " + Arrays.toString(p));
        return p;
    }

    @Test
    void bonferroni_adjustsKsPValueByFeatureCount() {
        DriftReport report = analyzer.analyze(fourTestedFeatures());
        double[] p = rawKs(report);
        for (int f = 0; f < M; f++) {
            MethodResult ks = report.feature(TESTED[f]).result(Method.KS);
            assertEquals(Math.min(1, M * p[f]), ks.adjustedPValue(), 1e-15, TESTED[f]);
        }
        assertEquals(1.0, report.feature("d").result(Method.KS).adjustedPValue(), 0.0);
        // The verdict follows the adjusted p-value: b and c are below alpha only before correction.
        assertEquals(Verdict.DRIFT, report.feature("a").verdict());
        assertEquals(Verdict.NO_DRIFT, report.feature("b").verdict());
        assertEquals(Verdict.NO_DRIFT, report.feature("c").verdict());
        assertEquals(Verdict.NO_DRIFT, report.feature("d").verdict());
        // The feature without a verdict keeps its raw p-value and is not counted in m.
        MethodResult few = report.feature("few").result(Method.KS);
        assertEquals(Verdict.INSUFFICIENT_DATA, few.verdict());
        assertEquals(few.pValue(), few.adjustedPValue(), 0.0);
    }

    @Test
    void benjaminiHochberg_adjustsKsPValuesByRank() {
        DriftAnalyzer bh = new DriftAnalyzer(DriftSettings.defaults().withCorrection(Correction.BENJAMINI_HOCHBERG));
        DriftReport report = bh.analyze(fourTestedFeatures());
        double[] p = rawKs(report);
        // Textbook (Benjamini and Hochberg 1995), written as a minimum rather than the code's
        // running loop: p_i adjusted = min(1, min over j with p_j >= p_i of m p_j / rank_j).
        // a, b, c, d have ranks 1, 2, 3, 4 (checked in rawKs).
        double[] expected = {
            Math.min(1, Math.min(Math.min(M * p[0], M * p[1] / 2), Math.min(M * p[2] / 3, M * p[3] / 4))),
            Math.min(1, Math.min(M * p[1] / 2, Math.min(M * p[2] / 3, M * p[3] / 4))),
            Math.min(1, Math.min(M * p[2] / 3, M * p[3] / 4)),
            Math.min(1, M * p[3] / 4),
        };
        assertEquals(M * p[2] / 3, expected[1], 0.0, "b takes c's value");
        for (int f = 0; f < M; f++) {
            assertEquals(expected[f], report.feature(TESTED[f]).result(Method.KS).adjustedPValue(), 1e-15, TESTED[f]);
        }
        assertEquals(Verdict.DRIFT, report.feature("b").verdict());
        assertEquals(Verdict.DRIFT, report.feature("c").verdict());
        assertEquals(Verdict.NO_DRIFT, report.feature("d").verdict());
    }
}
