package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Half;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events written and read back keep every value exactly, for every datatype, and match the schema. */
class PredictionEventCodecTest {
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.123456789Z");
    private static final long[] ROW = {1, 3};

    private final PredictionEventCodec codec = new PredictionEventCodec();
    private final SchemaCheck schema = new SchemaCheck();

    static List<Tensor> everyDatatype() {
        List<Tensor> t = new ArrayList<>();
        t.add(Tensor.ofBytes("bool", DataType.BOOL, ROW, bytes(1, 0, 1)));
        t.add(Tensor.ofBytes("uint8", DataType.UINT8, ROW, bytes(0, 0x7F, 0xFF)));
        t.add(Tensor.ofBytes("int8", DataType.INT8, ROW, bytes(0x80, 0, 0x7F)));
        t.add(Tensor.ofBytes("uint16", DataType.UINT16, ROW, shorts(0, 1, 0xFFFF)));
        t.add(Tensor.ofBytes("int16", DataType.INT16, ROW, shorts(Short.MIN_VALUE, -1, Short.MAX_VALUE)));
        t.add(Tensor.ofBytes("uint32", DataType.UINT32, ROW, ints(0, 1, 0xFFFF_FFFF)));
        t.add(Tensor.ofInts("int32", ROW, Integer.MIN_VALUE, 0, Integer.MAX_VALUE));
        // Beyond 2^53 a double would round these: they must come back exact.
        t.add(Tensor.ofLongs("int64", ROW, Long.MIN_VALUE, (1L << 53) + 1, Long.MAX_VALUE));
        t.add(Tensor.ofBytes("uint64", DataType.UINT64, ROW, longs(0, (1L << 53) + 1, -1L)));
        t.add(Tensor.ofBytes("fp16", DataType.FP16, ROW, shorts(Half.fromFloat(1.5f), Half.fromFloat(-65504f),
                Half.fromFloat(Float.NaN))));
        t.add(Tensor.ofBytes("bf16", DataType.BF16, ROW, shorts(0x3FC0, 0xFF80, 0x0001)));
        t.add(Tensor.ofFloats("fp32", new long[] {2, 3}, 0.1f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
        t.add(Tensor.ofDoubles("fp64", ROW, 0.1, Double.MIN_VALUE, Double.NEGATIVE_INFINITY));
        t.add(Tensor.ofStrings("bytes", ROW, new byte[][] {"plain".getBytes(StandardCharsets.UTF_8),
                "\"quoted\"\n\t\u0000 \u00e9\ud83d\ude00".getBytes(StandardCharsets.UTF_8), new byte[0]}));
        t.add(Tensor.ofFloats("empty", new long[] {0, 4}));
        return t;
    }

    static PredictionEvent event(List<Tensor> inputs, List<Tensor> outputs, TensorLimits limits) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", "demo");
        params.put("n", 3L);
        params.put("ratio", 0.5);
        params.put("flag", true);
        params.put("nested", Map.of("list", List.of(1L, "two")));
        params.put("nothing", null);
        return PredictionEvent.of("weather", "1", "req-7", T, 812_345, params, inputs, outputs, limits);
    }

    @Test
    void roundTrip_everyDatatypeExact() {
        List<Tensor> tensors = everyDatatype();
        PredictionEvent event = event(tensors, tensors.subList(0, 2), TensorLimits.DEFAULT);
        PredictionEvent back = codec.decode(codec.encode(event));

        assertEquals("weather", back.model());
        assertEquals("1", back.version());
        assertEquals("req-7", back.requestId());
        assertEquals(T, back.timestamp());
        assertEquals(812, back.latencyMicros());
        assertEquals(event.parameters(), back.parameters());
        assertEquals(tensors.size(), back.inputs().size());
        for (int i = 0; i < tensors.size(); i++) {
            assertFalse(back.inputs().get(i).truncated());
            Tensors.assertSameValues(tensors.get(i), back.inputs().get(i).data().orElseThrow());
        }
        Tensors.assertSameValues(tensors.get(0), back.outputs().get(0).data().orElseThrow());
    }

    @Test
    void json_usesV2TensorsAndStringsForNonFinite() throws Exception {
        JsonNode json = new ObjectMapper().readTree(codec.encode(event(everyDatatype(), List.of(),
                TensorLimits.DEFAULT)));
        assertEquals(List.of(), schema.violations(json));
        assertEquals("2025-03-01T12:00:00.123456789Z", json.get("timestamp").asText());
        JsonNode int64 = json.get("inputs").get(7);
        assertEquals("INT64", int64.get("datatype").asText());
        assertEquals("[-9223372036854775808,9007199254740993,9223372036854775807]", int64.get("data").toString());
        assertEquals("[0,9007199254740993,18446744073709551615]", json.get("inputs").get(8).get("data").toString());
        JsonNode fp32 = json.get("inputs").get(11);
        assertEquals("[2,3]", fp32.get("shape").toString());
        assertEquals("[0.1,1.4E-45,-3.4028235E38,\"NaN\",\"Infinity\",\"-Infinity\"]", fp32.get("data").toString());
        assertEquals("[true,false,true]", json.get("inputs").get(0).get("data").toString());
        assertEquals("\"quoted\"\n\t\u0000 \u00e9\ud83d\ude00", json.get("inputs").get(13).get("data").get(1).asText());
        assertFalse(fp32.has("truncated"));
    }

    @Test
    void emptyRequestId_andNoParameters_roundTrip() {
        PredictionEvent event = new PredictionEvent("m", "2", "", T, 0, Map.of(), List.of(), List.of());
        PredictionEvent back = codec.decode(codec.encode(event));
        assertEquals("", back.requestId());
        assertTrue(back.parameters().isEmpty());
        assertTrue(back.inputs().isEmpty());
    }

    @Test
    void invalidUtf8Bytes_stillGiveValidJson() throws Exception {
        Tensor bad = Tensor.ofStrings("raw", new long[] {2}, new byte[][] {{(byte) 0xC3, (byte) 0x28},
                {(byte) 0xFF, 0, (byte) 0x80}});
        byte[] body = codec.encode(event(List.of(bad), List.of(), TensorLimits.DEFAULT));
        JsonNode json = new ObjectMapper().readTree(body);
        assertEquals(List.of(), schema.violations(json));
        assertEquals("\ufffd(", json.get("inputs").get(0).get("data").get(0).asText());
        assertEquals(2, codec.decode(body).inputs().get(0).elementCount());
    }

    static ByteBuffer bytes(int... v) {
        ByteBuffer b = Tensor.allocate(v.length, 1);
        for (int x : v) {
            b.put((byte) x);
        }
        return b.flip();
    }

    static ByteBuffer shorts(int... v) {
        ByteBuffer b = Tensor.allocate(v.length, 2);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.flip();
    }

    static ByteBuffer ints(int... v) {
        ByteBuffer b = Tensor.allocate(v.length, 4);
        for (int x : v) {
            b.putInt(x);
        }
        return b.flip();
    }

    static ByteBuffer longs(long... v) {
        ByteBuffer b = Tensor.allocate(v.length, 8);
        for (long x : v) {
            b.putLong(x);
        }
        return b.flip();
    }
}
