package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the tensors hold (random bit patterns, so NaN payloads, subnormals and infinities; random
 * bytes as strings; odd names; empty and oversized shapes), the event is valid JSON that conforms to
 * the schema and that the strict decoder reads back to the same values.
 */
class EventFuzzTest {
    private static final String[] NAMES = {"x", "with \"quotes\"", "tab\tnew\nline", "\u0000nul", "\u00e9\u6f22",
        "\ud83d\ude00", "back\\slash"};

    private final PredictionEventCodec codec = new PredictionEventCodec();
    private final SchemaCheck schema = new SchemaCheck();
    private final ObjectMapper strictJson = new ObjectMapper();

    @Test
    void randomTensors_alwaysGiveReadableSchemaValidEvents() throws Exception {
        Random random = new Random(20250301);
        for (int round = 0; round < 300; round++) {
            TensorLimits limits = new TensorLimits(random.nextInt(64), random.nextInt(512), random.nextInt(8));
            List<Tensor> inputs = new ArrayList<>();
            for (int k = random.nextInt(4); k >= 0; k--) {
                inputs.add(randomTensor(random));
            }
            String id = random.nextBoolean() ? "" : NAMES[random.nextInt(NAMES.length)];
            PredictionEvent event = PredictionEvent.of("m", "1", id, Instant.ofEpochSecond(random.nextInt(), 7),
                    random.nextInt(1_000_000), null, inputs, List.of(randomTensor(random)), limits);

            byte[] body = codec.encode(event);
            JsonNode json = strictJson.readTree(body);
            assertNotNull(json, "round " + round);
            assertEquals(List.of(), schema.violations(json), "round " + round + ": " + new String(body));
            PredictionEvent back = codec.decode(body);
            for (int i = 0; i < inputs.size(); i++) {
                EventTensor expected = event.inputs().get(i);
                EventTensor actual = back.inputs().get(i);
                assertEquals(expected.truncated(), actual.truncated());
                if (expected.truncated()) {
                    Tensors.assertSameValues(utf8RoundTrip(expected.summary().orElseThrow().head()),
                            actual.summary().orElseThrow().head());
                } else {
                    Tensors.assertSameValues(utf8RoundTrip(inputs.get(i)), actual.data().orElseThrow());
                }
            }
        }
    }

    private static Tensor randomTensor(Random random) {
        DataType type = DataType.values()[random.nextInt(DataType.values().length)];
        long[] shape = new long[random.nextInt(3)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = random.nextInt(random.nextInt(10) == 0 ? 200 : 5);
        }
        int n = (int) io.plumbline.tensor.Shape.elementCount(shape);
        String name = NAMES[random.nextInt(NAMES.length)];
        if (type == DataType.BYTES) {
            byte[][] strings = new byte[n][];
            for (int i = 0; i < n; i++) {
                strings[i] = new byte[random.nextInt(12)];
                random.nextBytes(strings[i]);
            }
            return Tensor.ofStrings(name, shape, strings);
        }
        byte[] raw = new byte[n * type.byteSize()];
        random.nextBytes(raw);
        if (type == DataType.BOOL) {
            for (int i = 0; i < raw.length; i++) {
                raw[i] &= 1;
            }
        }
        return Tensor.ofBytes(name, type, shape, ByteBuffer.wrap(raw));
    }

    /** BYTES that are not UTF-8 come back as the replacement character: compare with that. */
    private static Tensor utf8RoundTrip(Tensor t) {
        if (t.type() != DataType.BYTES) {
            return t;
        }
        byte[][] s = new byte[(int) t.elementCount()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new String(t.string(i), java.nio.charset.StandardCharsets.UTF_8)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return Tensor.ofStrings(t.name(), t.shape(), s);
    }
}
