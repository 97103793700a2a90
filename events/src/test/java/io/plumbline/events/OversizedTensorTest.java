package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tensors over the cap become a summary (count, min, max, mean, non-finite count, first values). */
class OversizedTensorTest {
    private final PredictionEventCodec codec = new PredictionEventCodec();
    private final SchemaCheck schema = new SchemaCheck();

    @Test
    void overElementCap_isSummarised() throws Exception {
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        v[5] = Float.NaN;
        v[6] = Float.POSITIVE_INFINITY;
        Tensor big = Tensor.ofFloats("big", new long[] {100, 100}, v);
        TensorLimits limits = new TensorLimits(1000, 1 << 20, 4);

        EventTensor et = EventTensor.of(big, limits);
        assertTrue(et.truncated());
        TensorSummary s = et.summary().orElseThrow();
        assertEquals(10_000, s.count());
        assertEquals(2, s.nonFinite());
        assertEquals(0.0, s.min());
        assertEquals(9999.0, s.max());
        // Mean of 0..9999 without 5 and 6.
        assertEquals((49_995_000.0 - 11) / 9998, s.mean(), 1e-9);
        assertEquals(4, s.head().elementCount());

        byte[] body = codec.encode(new PredictionEvent("m", "1", "r", java.time.Instant.EPOCH, 1, null,
                List.of(et), List.of()));
        JsonNode t = new ObjectMapper().readTree(body).get("inputs").get(0);
        assertEquals(List.of(), schema.violations(new ObjectMapper().readTree(body)));
        assertTrue(t.get("truncated").asBoolean());
        assertFalse(t.has("data"));
        assertEquals("[100,100]", t.get("shape").toString());
        assertEquals("[0.0,1.0,2.0,3.0]", t.get("summary").get("head").toString());

        EventTensor back = codec.decode(body).inputs().get(0);
        assertTrue(back.truncated());
        assertEquals(s.mean(), back.summary().orElseThrow().mean());
        assertArrayEquals(new long[] {100, 100}, back.shape());
        Tensors.assertSameValues(s.head(), back.summary().orElseThrow().head());
    }

    @Test
    void atTheCap_isCarriedInFull() {
        Tensor t = Tensor.ofLongs("ids", new long[] {8}, 1, 2, 3, 4, 5, 6, 7, 8);
        assertFalse(EventTensor.of(t, new TensorLimits(8, 64, 2)).truncated());
        assertTrue(EventTensor.of(t, new TensorLimits(7, 64, 2)).truncated());
        assertTrue(EventTensor.of(t, new TensorLimits(8, 63, 2)).truncated(), "byte cap applies too");
    }

    @Test
    void largeStrings_areCappedByBytes_withoutStats() {
        byte[] mb = new byte[1 << 20];
        java.util.Arrays.fill(mb, (byte) 'x');
        Tensor images = Tensor.ofStrings("images", new long[] {3},
                new byte[][] {"small".getBytes(StandardCharsets.UTF_8), mb, mb});
        EventTensor et = EventTensor.of(images, new TensorLimits(4096, 1024, 16));
        TensorSummary s = et.summary().orElseThrow();
        assertEquals(3, s.count());
        assertNull(s.min());
        assertNull(s.mean());
        // The head stops before the value that would take it over the byte cap.
        assertEquals(1, s.head().elementCount());
        assertTrue(codec.encode(new PredictionEvent("m", "1", "r", java.time.Instant.EPOCH, 1, null,
                List.of(et), List.of())).length < 2048);
    }

    @Test
    void allNonFinite_hasNullStats() {
        Tensor t = Tensor.ofDoubles("nan", new long[] {3}, Double.NaN, Double.NaN, Double.NEGATIVE_INFINITY);
        TensorSummary s = EventTensor.of(t, new TensorLimits(2, 1024, 0)).summary().orElseThrow();
        assertEquals(3, s.nonFinite());
        assertNull(s.max());
        assertEquals(0, s.head().elementCount());
        assertEquals(DataType.FP64, s.head().type());
    }
}
