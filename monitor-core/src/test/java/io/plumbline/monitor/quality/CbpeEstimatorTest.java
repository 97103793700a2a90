package io.plumbline.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CalibrationMap;
import io.plumbline.events.profile.ClassCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CbpeEstimatorTest {

    private static ClassCalibration identity(String name) {
        return new ClassCalibration(name, name, new double[] {0, 1}, new double[] {0, 1});
    }

    private static CbpeEstimator identityMap(int classes) {
        List<ClassCalibration> curves = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            curves.add(identity("c" + k));
        }
        return new CbpeEstimator(new CalibrationMap(CalibrationMap.ISOTONIC, 1, curves));
    }

    @Test
    void binary_accuracyAndRocAuc_byHand() {
        // Calibrated P(class 1) = 0.2, 0.6, 0.9 (identity map). Predicted: 0, 1, 1.
        // Accuracy = mean calibrated probability of the predicted class = (0.8 + 0.6 + 0.9) / 3 = 23/30.
        // Expected positives P = 0.2 + 0.6 + 0.9 = 1.7, negatives N = 0.8 + 0.4 + 0.1 = 1.3.
        // Thresholds high to low: t = 0.9: TP 0.9, FP 0.1 -> (FPR, TPR) = (1/13, 9/17)
        //                         t = 0.6: TP 1.5, FP 0.5 -> (5/13, 15/17)
        //                         t = 0.2: TP 1.7, FP 1.3 -> (1, 1)
        // Trapezoids from (0, 0): (1/13)(9/17)/2 + (4/13)(24/17)/2 + (8/13)(32/17)/2 = (9 + 96 + 256) / 442 = 361/442.
        CbpeEstimator cbpe = identityMap(2);
        EstimatedPerformance w = cbpe.newWindow();
        for (double p : new double[] {0.2, 0.6, 0.9}) {
            cbpe.add(w, new double[] {1 - p, p});
        }
        assertEquals(23.0 / 30, w.accuracy(), 1e-15);
        assertEquals(361.0 / 442, w.rocAuc(1), 1e-12);
        assertEquals(361.0 / 442, w.rocAuc(0), 1e-12); // the same curve seen from class 0
        assertEquals(361.0 / 442, w.macroRocAuc(), 1e-12);
    }

    @Test
    void calibration_isAppliedPerClassThenRenormalised() {
        // Class 0 curve halves the score; classes 1 and 2 are the identity.
        // Row [0.6, 0.3, 0.1] -> [0.3, 0.3, 0.1] / 0.7 = [3/7, 3/7, 1/7]; the model predicted class 0 -> 3/7.
        // Row [0.2, 0.2, 0.6] -> [0.1, 0.2, 0.6] / 0.9; predicted class 2 -> 0.6 / 0.9 = 2/3.
        // Estimated accuracy (3/7 + 2/3) / 2 = 23/42.
        CbpeEstimator cbpe = new CbpeEstimator(new CalibrationMap(CalibrationMap.ISOTONIC, 1, List.of(
                new ClassCalibration("c0", "c0", new double[] {0, 1}, new double[] {0, 0.5}),
                identity("c1"), identity("c2"))));
        assertArrayEquals(new double[] {3.0 / 7, 3.0 / 7, 1.0 / 7}, cbpe.calibrate(new double[] {0.6, 0.3, 0.1}),
                1e-15);
        EstimatedPerformance w = cbpe.newWindow();
        cbpe.add(w, new double[] {0.6, 0.3, 0.1});
        cbpe.add(w, new double[] {0.2, 0.2, 0.6});
        assertEquals(23.0 / 42, w.accuracy(), 1e-15);
    }

    @Test
    void rocAuc_undefinedWithoutExpectedNegatives() {
        CbpeEstimator cbpe = identityMap(2);
        EstimatedPerformance w = cbpe.newWindow();
        cbpe.add(w, new double[] {0, 1});
        assertTrue(Double.isNaN(w.rocAuc(1)));
        assertTrue(Double.isNaN(w.macroRocAuc()));
        assertTrue(Double.isNaN(cbpe.newWindow().accuracy()));
    }

    @Test
    void binnedRocAuc_isWithin1e3OfTheExactPerValueCurve() {
        Random random = new Random(7);
        CbpeEstimator cbpe = identityMap(2);
        EstimatedPerformance w = cbpe.newWindow();
        double[] scores = new double[2000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.pow(random.nextDouble(), 2);
            cbpe.add(w, new double[] {1 - scores[i], scores[i]});
        }
        assertEquals(exactExpectedAuc(scores), w.rocAuc(1), 1e-3);
    }

    @Test
    void wellCalibratedScores_estimateTheRealisedAccuracy() {
        // Labels drawn from the scores themselves: the model is calibrated by construction, so the estimate
        // must agree with the realised accuracy up to sampling error (sd of the difference < 0.5/√20000 ≈ 0.0035).
        Random random = new Random(11);
        CbpeEstimator cbpe = identityMap(3);
        EstimatedPerformance estimated = cbpe.newWindow();
        ClassifierPerformance realised = new ClassifierPerformance(3);
        for (int i = 0; i < 20_000; i++) {
            double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double sum = p[0] + p[1] + p[2];
            for (int k = 0; k < 3; k++) {
                p[k] /= sum;
            }
            double u = random.nextDouble();
            int y = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            cbpe.add(estimated, p);
            realised.add(p, y);
        }
        assertEquals(realised.accuracy(), estimated.accuracy(), 0.015);
    }

    @Test
    void wellCalibratedBinaryScores_estimateTheRealisedRocAuc() {
        // Labels drawn from the scores: the expected curve is the realised curve's expectation. Realised AUC by
        // Mann-Whitney (share of positive-negative pairs ranked right), computed here, not by the code under test.
        Random random = new Random(5);
        CbpeEstimator cbpe = identityMap(2);
        EstimatedPerformance estimated = cbpe.newWindow();
        int n = 20_000;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextDouble();
            positive[i] = random.nextDouble() < scores[i];
            cbpe.add(estimated, new double[] {1 - scores[i], scores[i]});
        }
        // Scores are distinct doubles (no ties): sum the ranks of the positives.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long positives = 0;
        for (int r = 0; r < n; r++) {
            if (positive[order[r]]) {
                rankSum += r + 1;
                positives++;
            }
        }
        long negatives = n - positives;
        double realised = (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        // Uniform scores with y ~ Bernoulli(score) have AUC 5/6 in expectation; sampling sd here is about 0.003.
        assertEquals(realised, estimated.rocAuc(1), 0.015);
        assertEquals(5.0 / 6, estimated.rocAuc(1), 0.015);
    }

    @Test
    void merge_ofTwoHalves_equalsOneWindowOverAllRows() {
        Random random = new Random(3);
        CbpeEstimator cbpe = identityMap(3);
        EstimatedPerformance all = cbpe.newWindow();
        EstimatedPerformance first = cbpe.newWindow();
        EstimatedPerformance second = cbpe.newWindow();
        for (int i = 0; i < 500; i++) {
            double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double sum = p[0] + p[1] + p[2];
            for (int k = 0; k < 3; k++) {
                p[k] /= sum;
            }
            cbpe.add(all, p);
            cbpe.add(i % 2 == 0 ? first : second, p);
        }
        first.merge(second);
        assertEquals(all.rows(), first.rows());
        assertEquals(all.accuracy(), first.accuracy(), 1e-12);
        for (int k = 0; k < 3; k++) {
            assertEquals(all.rocAuc(k), first.rocAuc(k), 1e-12);
        }
        EstimatedPerformance restored = QualityCodec.decodeEstimated(QualityCodec.encode(first));
        assertEquals(first.macroRocAuc(), restored.macroRocAuc(), 0);
    }

    /** NannyML's per-value curve written out independently: every distinct score is a threshold. */
    private static double exactExpectedAuc(double[] scores) {
        double[] s = scores.clone();
        Arrays.sort(s);
        double positives = 0;
        double negatives = 0;
        for (double v : s) {
            positives += v;
            negatives += 1 - v;
        }
        double tp = 0;
        double fp = 0;
        double area = 0;
        int i = s.length - 1;
        while (i >= 0) {
            double t = s[i];
            double tpr0 = tp / positives;
            double fpr0 = fp / negatives;
            while (i >= 0 && s[i] == t) {
                tp += s[i];
                fp += 1 - s[i];
                i--;
            }
            area += (fp / negatives - fpr0) * (tp / positives + tpr0) / 2;
        }
        return area;
    }
}
