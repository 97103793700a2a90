package io.plumbline.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QualityCodecTest {

    private static ClassifierPerformance classifier() {
        ClassifierPerformance p = new ClassifierPerformance(3);
        p.add(new double[] {0.70, 0.20, 0.10}, 0);
        p.add(new double[] {0.10, 0.60, 0.30}, 2);
        p.add(1, 1);
        return p;
    }

    private static EstimatedPerformance estimated() {
        EstimatedPerformance e = new EstimatedPerformance(2);
        e.add(new double[] {0.8, 0.2}, 0);
        e.add(new double[] {0.1, 0.9}, 1);
        e.add(new double[] {0.45, 0.55}, 0);
        return e;
    }

    @Test
    void classifier_roundTripsToAnEqualWindow() {
        ClassifierPerformance p = classifier();
        ClassifierPerformance back = QualityCodec.decodeClassifier(QualityCodec.encode(p));
        assertEquals(p, back);
        assertEquals(p.logLoss(), back.logLoss(), 0);
        assertEquals(p.recall(2), back.recall(2), 0);
    }

    @Test
    void regressor_roundTripsToAnEqualWindow() {
        RegressorPerformance r = new RegressorPerformance();
        r.add(3, 2.5);
        r.add(-0.5, 0.1);
        assertEquals(r, QualityCodec.decodeRegressor(QualityCodec.encode(r)));
    }

    @Test
    void estimated_roundTripsSparsely() {
        EstimatedPerformance e = estimated();
        byte[] bytes = QualityCodec.encode(e);
        // header 2 + classes 4 + bins 4 + rows 8 + confidence 8 + used 4, then 6 non-empty bins of 20 bytes
        assertEquals(30 + 6 * 20, bytes.length);
        EstimatedPerformance back = QualityCodec.decodeEstimated(bytes);
        assertEquals(e, back);
        assertEquals(e.macroRocAuc(), back.macroRocAuc(), 0);
    }

    @Test
    void otherVersionKindOrLength_isRefused() {
        byte[] bytes = QualityCodec.encode(classifier());
        byte[] newer = bytes.clone();
        newer[0] = 2;
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> QualityCodec.decodeClassifier(newer));
        assertTrue(v.getMessage().contains("version 2"), v.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QualityCodec.decodeRegressor(bytes));
        IllegalArgumentException shortBytes = assertThrows(IllegalArgumentException.class,
                () -> QualityCodec.decodeClassifier(Arrays.copyOf(bytes, bytes.length - 1)));
        assertTrue(shortBytes.getMessage().contains("truncated"), shortBytes.getMessage());
        IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class,
                () -> QualityCodec.decodeClassifier(Arrays.copyOf(bytes, bytes.length + 1)));
        assertTrue(trailing.getMessage().contains("trailing"), trailing.getMessage());
    }

    @Test
    void absurdClassCount_isRefusedBeforeAllocating() {
        byte[] bytes = QualityCodec.encode(estimated());
        ByteBuffer.wrap(bytes).putInt(2, Integer.MAX_VALUE); // classes, right after the header
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QualityCodec.decodeEstimated(bytes));
        assertTrue(e.getMessage().contains("class count"), e.getMessage());
    }
}
