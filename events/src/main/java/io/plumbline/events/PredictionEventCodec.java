package io.plumbline.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of a prediction event ({@code io.plumbline.prediction.v1}), described by
 * {@code io/plumbline/events/prediction-event.schema.json}:
 *
 * <pre>{@code
 * {"model": "weather", "version": "1", "id": "req-7", "timestamp": "2025-03-01T12:00:00.123Z",
 *  "latency_us": 812, "parameters": {...},
 *  "inputs":  [{"name": "features", "datatype": "FP32", "shape": [1, 4], "data": [0.0, 13.3, 5.0, 3.1]}],
 *  "outputs": [{"name": "big", "datatype": "FP32", "shape": [1, 100000], "truncated": true,
 *               "summary": {"count": 100000, "min": 0.0, "max": 1.0, "mean": 0.5, "non_finite": 0,
 *                           "head": [0.1, 0.7]}}]}
 * }</pre>
 *
 * <p>Writing never fails on a valid {@link PredictionEvent}, whatever its values (see {@link TensorJson}).
 * Reading is for records from outside and is strict: every required field present with the right type,
 * datatypes spelled as the spec spells them, data matching shape and datatype, no duplicate keys, nothing
 * after the document; the first problem raises an {@link EventFormatException} naming its JSON path.
 * Unknown fields are ignored, so optional fields can be added within {@code v1}. Thread-safe.
 */
public final class PredictionEventCodec {
    private static final int MAX_PARAMETER_DEPTH = 16;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public byte[] encode(PredictionEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", event.model());
            g.writeStringField("version", event.version());
            g.writeStringField("id", event.requestId());
            g.writeStringField("timestamp", CloudEventHeaders.rfc3339(event.timestamp()));
            g.writeNumberField("latency_us", event.latencyMicros());
            if (!event.parameters().isEmpty()) {
                g.writeFieldName("parameters");
                writeValue(g, event.parameters(), 0);
            }
            writeTensors(g, "inputs", event.inputs());
            writeTensors(g, "outputs", event.outputs());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode prediction event", e);
        }
        return out.toByteArray();
    }

    public PredictionEvent decode(byte[] json) {
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

    static void writeTensors(JsonGenerator g, String field, List<EventTensor> tensors) throws IOException {
        g.writeArrayFieldStart(field);
        for (EventTensor t : tensors) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeStringField("datatype", t.datatype().wireName());
            g.writeArrayFieldStart("shape");
            for (long d : t.shape()) {
                g.writeNumber(d);
            }
            g.writeEndArray();
            if (t.truncated()) {
                TensorSummary s = t.summary().orElseThrow();
                g.writeBooleanField("truncated", true);
                g.writeObjectFieldStart("summary");
                g.writeNumberField("count", s.count());
                writeNullable(g, "min", s.min());
                writeNullable(g, "max", s.max());
                writeNullable(g, "mean", s.mean());
                g.writeNumberField("non_finite", s.nonFinite());
                g.writeArrayFieldStart("head");
                TensorJson.writeElements(g, s.head());
                g.writeEndArray();
                g.writeEndObject();
            } else {
                g.writeArrayFieldStart("data");
                TensorJson.writeElements(g, t.data().orElseThrow());
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeNullable(JsonGenerator g, String field, Double v) throws IOException {
        g.writeFieldName(field);
        if (v == null) {
            g.writeNull();
        } else {
            TensorJson.writeDouble(g, v);
        }
    }

    /** Parameters are plain JSON values; anything else a caller put there is written as its string form. */
    static void writeValue(JsonGenerator g, Object v, int depth) throws IOException {
        if (depth > MAX_PARAMETER_DEPTH) {
            g.writeString(TensorJson.abbreviate(String.valueOf(v)));
        } else if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Double || v instanceof Float) {
            TensorJson.writeDouble(g, ((Number) v).doubleValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item, depth + 1);
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
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
        DataType type = datatype(typeName, field + ".datatype");
        long[] shape = shape(node.get("shape"), field + ".shape");
        long count = elementCount(shape, field + ".shape");
        JsonNode truncated = node.get("truncated");
        if (truncated != null && !truncated.isBoolean()) {
            throw new EventFormatException(field + ".truncated", "must be true or false");
        }
        if (truncated == null || !truncated.booleanValue()) {
            Tensor data = TensorJson.read(node.get("data"), name, type, shape, count, field + ".data");
            return EventTensor.full(data);
        }
        return EventTensor.summarised(name, type, shape, summary(node.get("summary"), name, type, count,
                field + ".summary"));
    }

    /** The datatype a wire name spells exactly (the binary body shares this check). */
    static DataType datatype(String typeName, String field) {
        DataType type = DataType.fromWireName(typeName);
        if (type == null || !type.wireName().equals(typeName)) {
            throw new EventFormatException(field, "unknown datatype '" + TensorJson.abbreviate(typeName) + "'");
        }
        return type;
    }

    static long elementCount(long[] shape, String field) {
        try {
            return Shape.elementCount(shape);
        } catch (ArithmeticException e) {
            throw new EventFormatException(field, Shape.format(shape) + " holds more elements than a long can count");
        }
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
        Tensor values = TensorJson.read(head, name, type, new long[] {Math.max(headCount, 0)}, headCount,
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
}
