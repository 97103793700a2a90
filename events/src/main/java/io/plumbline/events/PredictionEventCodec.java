package io.plumbline.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Unknown fields are ignored, so optional fields can be added within {@code v1}. Reading streams the
 * tokens once, with no tree ({@link PredictionEventReader}). Thread-safe.
 */
public final class PredictionEventCodec {
    private static final int MAX_PARAMETER_DEPTH = 16;

    // The fast double parser rounds exactly as Double.parseDouble (StreamingDecoderDifferentialTest compares
    // random bit patterns with the tree decoder, which used the JDK's): about 8 % more events decoded per
    // CPU-second on a 10-feature event. Duplicate keys are refused by the reader (SeenKeys), not by
    // Jackson's STRICT_DUPLICATE_DETECTION, whose HashSet per object took another fifth.
    // The fast writer (Schubfach) prints each float as the shortest decimal that reads back to the same
    // value, as the serving responses already do (JsonErrors). JDK 17's Float.toString was about half of
    // the JSON event's encoding time, which runs on the request's thread for every prediction.
    private final JsonFactory json = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    public byte[] encode(PredictionEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = json.createGenerator(out)) {
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

    public PredictionEvent decode(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            return new PredictionEventReader(p, body.length).read();
        } catch (JacksonException e) {
            throw new EventFormatException("(document)", "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventFormatException("(document)", "cannot be read: " + e.getMessage(), e);
        }
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

    /** A parameters object as plain Java values (the binary body carries parameters as a JSON tree). */
    static Map<String, Object> object(JsonNode node) {
        try (JsonParser p = node.traverse()) {
            p.nextToken();
            return JsonFields.object(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk a JSON tree", e);
        }
    }
}
