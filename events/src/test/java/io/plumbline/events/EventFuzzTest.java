package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
            List<Tensor> outputs = List.of(randomTensor(random));
            PredictionEvent event = PredictionEvent.of("m", "1", id, Instant.ofEpochSecond(random.nextInt(), 7),
                    random.nextInt(1_000_000), null, inputs, outputs, limits);

            byte[] body = codec.encode(event);
            String at = "round " + round + ": " + new String(body, StandardCharsets.UTF_8);
            JsonNode json = strictJson.readTree(body);
            assertEquals(List.of(), schema.violations(json), at);
            // What a reader that never saw the codec finds, field by field.
            assertEquals(event.model(), json.get("model").textValue(), at);
            assertEquals(event.version(), json.get("version").textValue(), at);
            assertEquals(id, json.get("id").textValue(), at);
            assertEquals(event.timestamp(), Instant.parse(json.get("timestamp").textValue()), at);
            assertEquals(event.latencyMicros(), json.get("latency_us").longValue(), at);
            assertJsonTensors(event.inputs(), json.get("inputs"), at);
            assertJsonTensors(event.outputs(), json.get("outputs"), at);

            PredictionEvent back = codec.decode(body);
            assertEquals(event.model(), back.model(), at);
            assertEquals(event.version(), back.version(), at);
            assertEquals(id, back.requestId(), at);
            assertEquals(event.timestamp(), back.timestamp(), at);
            assertEquals(event.latencyMicros(), back.latencyMicros(), at);
            assertSameTensors(inputs, event.inputs(), back.inputs(), at);
            assertSameTensors(outputs, event.outputs(), back.outputs(), at);
        }
    }

    private static void assertJsonTensors(List<EventTensor> expected, JsonNode array, String at) {
        assertEquals(expected.size(), array.size(), at);
        for (int i = 0; i < expected.size(); i++) {
            EventTensor t = expected.get(i);
            JsonNode node = array.get(i);
            assertEquals(t.name(), node.get("name").textValue(), at);
            assertEquals(t.datatype().wireName(), node.get("datatype").textValue(), at);
            long[] shape = new long[node.get("shape").size()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = node.get("shape").get(k).longValue();
            }
            assertArrayEquals(t.shape(), shape, at);
            assertEquals(t.truncated(), node.path("truncated").asBoolean(false), at);
            if (!t.truncated()) {
                assertEquals(t.elementCount(), flatCount(node.get("data")), at);
            }
        }
    }

    /** Elements of a (possibly nested) JSON data array. */
    private static long flatCount(JsonNode data) {
        if (!data.isArray()) {
            return 1;
        }
        long n = 0;
        for (JsonNode e : data) {
            n += flatCount(e);
        }
        return n;
    }

    private static void assertSameTensors(List<Tensor> sent, List<EventTensor> event, List<EventTensor> back,
            String at) {
        assertEquals(sent.size(), back.size(), at);
        for (int i = 0; i < sent.size(); i++) {
            EventTensor expected = event.get(i);
            EventTensor actual = back.get(i);
            assertEquals(expected.truncated(), actual.truncated(), at);
            if (expected.truncated()) {
                assertEquals(expected.summary().orElseThrow().count(), actual.summary().orElseThrow().count(), at);
                Tensors.assertSameValues(utf8RoundTrip(expected.summary().orElseThrow().head()),
                        actual.summary().orElseThrow().head());
            } else {
                Tensors.assertSameValues(utf8RoundTrip(sent.get(i)), actual.data().orElseThrow());
            }
        }
    }

    static Tensor randomTensor(Random random) {
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
            s[i] = new String(t.string(i), StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return Tensor.ofStrings(t.name(), t.shape(), s);
    }
}
