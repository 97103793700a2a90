package io.plumbline.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Half;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The oracle of {@link StreamingDecoderDifferentialTest}: the JSON event decoder as it was before it
 * streamed (main at 37cc900), reading a Jackson tree with {@code readTree} and judging the fields in a
 * fixed order. Kept verbatim apart from names, so that it defines the contract the streaming decoder
 * must keep; it shares only the datatype and element-count checks with production code.
 */
final class TreeEventDecoder {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    PredictionEvent decode(byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EventFormatException("(document)", "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventFormatException("(document)", "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException("(document)", "must be a JSON object");
        }
        String model = string(root, "model", "model", false);
        String version = string(root, "version", "version", false);
        String id = string(root, "id", "id", true);
        Instant timestamp = timestamp(root);
        long latency = nonNegativeLong(root.get("latency_us"), "latency_us");
        Map<String, Object> parameters = Map.of();
        JsonNode params = root.get("parameters");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw new EventFormatException("parameters", "must be an object");
            }
            parameters = object(params);
        }
        return new PredictionEvent(model, version, id, timestamp, latency, parameters,
                tensors(root.get("inputs"), "inputs"), tensors(root.get("outputs"), "outputs"));
    }

    private static List<EventTensor> tensors(JsonNode array, String field) {
        if (array == null || !array.isArray()) {
            throw new EventFormatException(field, array == null ? "is missing" : "must be an array");
        }
        List<EventTensor> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(tensor(array.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static EventTensor tensor(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new EventFormatException(field, "must be an object");
        }
        String name = string(node, "name", field + ".name", false);
        String typeName = string(node, "datatype", field + ".datatype", false);
        DataType type = PredictionEventCodec.datatype(typeName, field + ".datatype");
        long[] shape = shape(node.get("shape"), field + ".shape");
        long count = PredictionEventCodec.elementCount(shape, field + ".shape");
        JsonNode truncated = node.get("truncated");
        if (truncated != null && !truncated.isBoolean()) {
            throw new EventFormatException(field + ".truncated", "must be true or false");
        }
        if (truncated == null || !truncated.booleanValue()) {
            Tensor data = read(node.get("data"), name, type, shape, count, field + ".data");
            return EventTensor.full(data);
        }
        return EventTensor.summarised(name, type, shape, summary(node.get("summary"), name, type, count,
                field + ".summary"));
    }

    private static TensorSummary summary(JsonNode node, String name, DataType type, long count, String field) {
        if (node == null || !node.isObject()) {
            throw new EventFormatException(field, node == null ? "is missing (the tensor is truncated)"
                    : "must be an object");
        }
        long summarised = nonNegativeLong(node.get("count"), field + ".count");
        if (summarised != count) {
            throw new EventFormatException(field + ".count", summarised + " does not match the shape's " + count
                    + " elements");
        }
        long nonFinite = nonNegativeLong(node.get("non_finite"), field + ".non_finite");
        if (nonFinite > count) {
            throw new EventFormatException(field + ".non_finite", nonFinite + " is more than the " + count
                    + " elements");
        }
        JsonNode head = node.get("head");
        long headCount = head != null && head.isArray() ? head.size() : -1;
        if (headCount > count) {
            throw new EventFormatException(field + ".head", "has " + headCount + " values, more than the " + count
                    + " elements");
        }
        Tensor values = read(head, name, type, new long[] {Math.max(headCount, 0)}, headCount,
                field + ".head");
        return new TensorSummary(count, optionalReal(node, "min", field), optionalReal(node, "max", field),
                optionalReal(node, "mean", field), nonFinite, values);
    }

    private static Double optionalReal(JsonNode parent, String key, String field) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new EventFormatException(field + "." + key, "must be a number or null");
        }
        return v.doubleValue();
    }

    private static long[] shape(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new EventFormatException(field, node == null ? "is missing" : "must be an array of integers");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(node.get(i), field + "[" + i + "]");
        }
        return shape;
    }

    private static String string(JsonNode parent, String key, String field, boolean mayBeEmpty) {
        JsonNode v = parent.get(key);
        if (v == null) {
            throw new EventFormatException(field, "is missing");
        }
        if (!v.isTextual()) {
            throw new EventFormatException(field, "must be a string");
        }
        if (!mayBeEmpty && v.textValue().isEmpty()) {
            throw new EventFormatException(field, "must not be empty");
        }
        return v.textValue();
    }

    private static long nonNegativeLong(JsonNode v, String field) {
        if (v == null) {
            throw new EventFormatException(field, "is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new EventFormatException(field, "must be a non-negative integer, got "
                    + TensorJson.abbreviate(v.toString()));
        }
        return v.longValue();
    }

    private static Instant timestamp(JsonNode root) {
        String text = string(root, "timestamp", "timestamp", false);
        try {
            return UtcTimestamp.parse(text);
        } catch (DateTimeParseException e) {
            throw new EventFormatException("timestamp", "'" + TensorJson.abbreviate(text) + "' is not an RFC 3339 "
                    + "date-time", e);
        }
    }

    /** A parameters object as plain Java values: integers as Long, other numbers as Double. */
    static Map<String, Object> object(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), plain(e.getValue()));
        }
        return out;
    }

    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            return object(v);
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>(v.size());
            v.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.isNull() ? null : v.asText();
    }

    /**
     * Reads a flat JSON array of exactly {@code elementCount} values of {@code type} into a tensor.
     *
     * @param field the array's JSON path, for error messages
     */
    private static Tensor read(JsonNode array, String name, DataType type, long[] shape, long elementCount, String field) {
        if (array == null || !array.isArray()) {
            throw new EventFormatException(field, "must be an array");
        }
        if (array.size() != elementCount) {
            throw new EventFormatException(field, "has " + array.size() + " values, expected " + elementCount);
        }
        int n = array.size();
        if (type == DataType.BYTES) {
            byte[][] strings = new byte[n][];
            for (int i = 0; i < n; i++) {
                JsonNode v = array.get(i);
                if (!v.isTextual()) {
                    throw wrong(field, i, "a string for BYTES", v);
                }
                strings[i] = v.textValue().getBytes(StandardCharsets.UTF_8);
            }
            return Tensor.ofStrings(name, shape, strings);
        }
        ByteBuffer b = Tensor.allocate(n, type.byteSize());
        for (int i = 0; i < n; i++) {
            JsonNode v = array.get(i);
            switch (type) {
                case BOOL -> b.put(i, bool(v, field, i));
                case INT8 -> b.put(i, (byte) integer(v, field, i, type, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case UINT8 -> b.put(i, (byte) integer(v, field, i, type, 0, 0xFF));
                case INT16 -> b.putShort(i * 2, (short) integer(v, field, i, type, Short.MIN_VALUE, Short.MAX_VALUE));
                case UINT16 -> b.putShort(i * 2, (short) integer(v, field, i, type, 0, 0xFFFF));
                case INT32 -> b.putInt(i * 4, (int) integer(v, field, i, type, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case UINT32 -> b.putInt(i * 4, (int) integer(v, field, i, type, 0, 0xFFFF_FFFFL));
                case INT64 -> b.putLong(i * 8, integer(v, field, i, type, Long.MIN_VALUE, Long.MAX_VALUE));
                case UINT64 -> b.putLong(i * 8, unsigned64(v, field, i));
                case FP16 -> b.putShort(i * 2, Half.fromFloat(toFloat(v, field, i, type)));
                case BF16 -> b.putShort(i * 2, bfloat16(toFloat(v, field, i, type)));
                case FP32 -> b.putFloat(i * 4, toFloat(v, field, i, type));
                case FP64 -> b.putDouble(i * 8, real(v, field, i, type));
                case BYTES -> throw new AssertionError("handled above");
            }
        }
        return Tensor.ofBytes(name, type, shape, b);
    }

    private static byte bool(JsonNode v, String field, int i) {
        if (!v.isBoolean()) {
            throw wrong(field, i, "true or false for BOOL", v);
        }
        return (byte) (v.booleanValue() ? 1 : 0);
    }

    private static long integer(JsonNode v, String field, int i, DataType type, long min, long max) {
        if (!v.isIntegralNumber()) {
            throw wrong(field, i, "an integer for " + type, v);
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new EventFormatException(field + "[" + i + "]", v.asText() + " is out of range for " + type);
        }
        return v.longValue();
    }

    private static long unsigned64(JsonNode v, String field, int i) {
        if (!v.isIntegralNumber()) {
            throw wrong(field, i, "an integer for UINT64", v);
        }
        BigInteger big = v.bigIntegerValue();
        if (big.signum() < 0 || big.compareTo(UINT64_MAX) > 0) {
            throw new EventFormatException(field + "[" + i + "]", big + " is out of range for UINT64");
        }
        return big.longValue();
    }

    /** A number, or one of the three strings that stand for NaN and the infinities. */
    private static double real(JsonNode v, String field, int i, DataType type) {
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (Double.isInfinite(d)) {
                throw new EventFormatException(field + "[" + i + "]", v.asText() + " is out of range for " + type);
            }
            return d;
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw wrong(field, i, "a number, \"NaN\", \"Infinity\" or \"-Infinity\" for " + type, v);
    }

    private static float toFloat(JsonNode v, String field, int i, DataType type) {
        double d = real(v, field, i, type);
        float f = (float) d;
        if (Double.isFinite(d) && Float.isInfinite(f)) {
            throw new EventFormatException(field + "[" + i + "]", v.asText() + " is out of range for " + type);
        }
        return f;
    }

    /** Rounds to the nearest bfloat16 (ties to even), keeping NaN a NaN. */
    private static short bfloat16(float f) {
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(f);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static EventFormatException wrong(String field, int i, String expected, JsonNode v) {
        String shown = v.isTextual() ? '"' + TensorJson.abbreviate(v.textValue()) + '"' : TensorJson.abbreviate(v.toString());
        return new EventFormatException(field + "[" + i + "]", "expected " + expected + ", got " + shown);
    }

}
