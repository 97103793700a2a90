package io.plumbline.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.FeedbackRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A window's model quality: what is a classifier and what a regressor, labels by name or index, truths that
 * cannot be scored, and the counts behind coverage. Expected metrics are worked by hand in the comments.
 */
class WindowPerformanceTest {
    private static FeedbackRecord label(String name) {
        return FeedbackRecord.ofLabel("m", "", "id", name, -1, Instant.EPOCH);
    }

    @Test
    void aClassifierScoresLabelsByNameOrIndex_andCountsWhatItCannotScore() {
        WindowPerformance p = new WindowPerformance(List.of("rain", "sun"), null);
        p.predicted(new double[] {0.9, 0.1});
        p.predicted(new double[] {0.4, 0.6});
        p.predicted(new double[] {0.2, 0.8});
        assertTrue(p.score(new double[] {0.9, 0.1}, "", label("rain")));                       // right
        assertTrue(p.score(new double[] {0.4, 0.6}, "",
                FeedbackRecord.ofLabel("m", "", "id", "", 0, Instant.EPOCH)));                    // index 0 = rain: wrong
        assertFalse(p.score(new double[] {0.2, 0.8}, "", label("hail")));                       // no such class
        assertFalse(p.score(new double[] {0.2, 0.8}, "", FeedbackRecord.ofTarget("m", "", "id", 3.0, Instant.EPOCH)));
        assertEquals(3, p.predictions());
        assertEquals(2, p.labelled());
        assertEquals(2, p.unscorable());
        // 1 right of 2; log loss = (-ln 0.9 - ln 0.4) / 2 = (0.105361 + 0.916291) / 2 = 0.510826.
        assertEquals(0.5, p.classifier().accuracy(), 1e-12);
        assertEquals(0.510826, p.classifier().logLoss(), 1e-6);
        assertNull(p.regressor());
        assertNull(p.estimated(), "no calibration map, no estimate");
    }

    @Test
    void aClassifierWithoutProbabilitiesScoresItsPredictedLabel() {
        WindowPerformance p = new WindowPerformance(List.of("rain", "sun"), null);
        assertTrue(p.score(new double[0], "sun", label("sun")));
        assertTrue(p.score(new double[0], "sun", label("rain")));
        assertEquals(0.5, p.classifier().accuracy(), 1e-12);
        assertTrue(Double.isNaN(p.classifier().logLoss()), "no probabilities, no log loss");
    }

    @Test
    void aRegressorScoresTargets() {
        WindowPerformance p = new WindowPerformance(List.of(), null);
        assertTrue(p.score(new double[] {3.0}, "", FeedbackRecord.ofTarget("m", "", "a", 2.0, Instant.EPOCH)));
        assertTrue(p.score(new double[] {1.0}, "", FeedbackRecord.ofTarget("m", "", "b", 2.0, Instant.EPOCH)));
        assertFalse(p.score(new double[] {1.0}, "", label("rain")));
        // errors +1 and -1: MAE 1, RMSE 1, bias 0.
        assertEquals(1.0, p.regressor().mae(), 1e-12);
        assertEquals(1.0, p.regressor().rmse(), 1e-12);
        assertEquals(0.0, p.regressor().bias(), 1e-12);
        assertNull(p.classifier());
    }

    @Test
    void encodedQualityMergesBack() {
        WindowPerformance p = new WindowPerformance(List.of("rain", "sun"), null);
        p.predicted(new double[] {0.9, 0.1});
        p.score(new double[] {0.9, 0.1}, "", label("sun"));
        WindowPerformance q = new WindowPerformance(List.of("rain", "sun"), null);
        q.mergeEncoded(p.encode());
        q.mergeEncoded(p.encode());
        assertEquals(2, q.predictions());
        assertEquals(2, q.labelled());
        assertEquals(0.0, q.classifier().accuracy());
    }
}
