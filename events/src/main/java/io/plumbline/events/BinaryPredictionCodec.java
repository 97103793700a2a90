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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary body of a prediction event ({@code content-type: application/vnd.plumbline.prediction+binary}),
 * carrying what the JSON body carries with tensors as their raw little-endian bytes. All integers are
 * little-endian; a <i>string</i> is a u32 byte length then UTF-8; a <i>block</i> is a u32 byte length
 * then that many bytes.
 *
 * <pre>
 * offset 0  magic        4 bytes "PLB1" (the 1 is the layout's version)
 *        4  time         i64 seconds since 1970-01-01T00:00:00Z
 *       12  time nanos   i32, 0..999999999
 *       16  latency_us   i64
 *       24  model, version, id   3 strings
 *           parameters   string: the parameters as a JSON object, empty when there are none
 *           inputs       u32 count, then that many tensors
 *           outputs      u32 count, then that many tensors
 * tensor:   name, datatype (its V2 name, "FP32")   2 strings
 *           shape        u32 rank, then rank i64 dimensions
 *           truncated    u8: 0 the data follows, 1 a summary follows
 *           data         block: the elements, row-major; fixed-size types as their little-endian
 *                        bytes (elements x size), BYTES as u32 length + bytes per element (the V2
 *                        binary extension's layout)
 *   or      summary      i64 count, i64 non_finite, f64 min, f64 max, f64 mean (NaN = null),
 *                        u32 head count, then block: the head elements as data above
 * </pre>
 *
 * <p>Parameters stay JSON: they are free-form and small, and JSON keeps their types as the JSON body
 * does. Decoding wraps fixed-size tensors around the body's own bytes (no copy) and is as strict as
 * {@link PredictionEventCodec}: every length checked against what is left, data matching shape and
 * datatype, nothing after the last tensor; the first problem raises an {@link EventFormatException}
 * naming the field as the JSON body would ({@code inputs[0].shape[1]}). Thread-safe.
 */
public final class BinaryPredictionCodec {
    private static final byte[] MAGIC = {'P', 'L', 'B', '1'};
    private static final byte[] NO_BYTES = new byte[0];

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Writes the body into one array of its exact size: each tensor's bytes are copied once, into it. */
    public byte[] encode(PredictionEvent event) {
        byte[] model = utf8(event.model());
        byte[] version = utf8(event.version());
        byte[] id = utf8(event.requestId());
        byte[] parameters = event.parameters().isEmpty() ? NO_BYTES : parametersJson(event.parameters());
        long size = 24L + 16 + model.length + version.length + id.length + parameters.length
                + size(event.inputs()) + size(event.outputs());
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("event of " + size + " bytes is too large");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putLong(event.timestamp().getEpochSecond()).putInt(event.timestamp().getNano())
                .putLong(event.latencyMicros());
        putBlock(out, model);
        putBlock(out, version);
        putBlock(out, id);
        putBlock(out, parameters);
        putTensors(out, event.inputs());
        putTensors(out, event.outputs());
        return out.array();
    }

    public PredictionEvent decode(byte[] body) {
        BinaryBodyReader in = new BinaryBodyReader(body);
        for (byte b : MAGIC) {
            if (in.remaining() < 1 || in.u8("magic") != b) {
                throw new EventFormatException("magic", "is not \"PLB1\": not a binary prediction event");
            }
        }
        Instant timestamp = timestamp(in.i64("timestamp"), in.i32("timestamp"));
        long latency = in.i64("latency_us");
        if (latency < 0) {
            throw new EventFormatException("latency_us", "must be a non-negative integer, got " + latency);
        }
        String model = nonEmpty(in.string("model"), "model");
        String version = nonEmpty(in.string("version"), "version");
        String id = in.string("id");
        Map<String, Object> parameters = parameters(in.string("parameters"));
        List<EventTensor> inputs = tensors(in, "inputs");
        List<EventTensor> outputs = tensors(in, "outputs");
        if (in.remaining() > 0) {
            throw new EventFormatException("(document)", in.remaining() + " bytes after the last tensor, at offset "
                    + in.position());
        }
        return new PredictionEvent(model, version, id, timestamp, latency, parameters, inputs, outputs);
    }

    private byte[] parametersJson(Map<String, Object> parameters) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(64);
        try (JsonGenerator g = mapper.getFactory().createGenerator(json)) {
            PredictionEventCodec.writeValue(g, parameters, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the parameters", e);
        }
        return json.toByteArray();
    }

    private static long size(List<EventTensor> tensors) {
        long n = 4;
        for (EventTensor t : tensors) {
            n += 4 + utf8(t.name()).length + 4 + t.datatype().wireName().length() + 4 + 8L * t.shape().length + 1;
            if (t.truncated()) {
                n += 8 * 5 + 4 + 4 + elementBytes(t.summary().orElseThrow().head());
            } else {
                n += 4 + elementBytes(t.data().orElseThrow());
            }
        }
        return n;
    }

    private static long elementBytes(Tensor t) {
        return t.type().isFixedSize() ? t.byteLength() : 4 * t.elementCount() + t.byteLength();
    }

    private static void putTensors(ByteBuffer out, List<EventTensor> tensors) {
        out.putInt(tensors.size());
        for (EventTensor t : tensors) {
            putBlock(out, utf8(t.name()));
            putBlock(out, t.datatype().wireName().getBytes(StandardCharsets.US_ASCII));
            long[] shape = t.shape();
            out.putInt(shape.length);
            for (long d : shape) {
                out.putLong(d);
            }
            out.put((byte) (t.truncated() ? 1 : 0));
            if (t.truncated()) {
                TensorSummary s = t.summary().orElseThrow();
                out.putLong(s.count()).putLong(s.nonFinite()).putDouble(orNaN(s.min())).putDouble(orNaN(s.max()))
                        .putDouble(orNaN(s.mean())).putInt((int) s.head().elementCount());
                putElements(out, s.head());
            } else {
                putElements(out, t.data().orElseThrow());
            }
        }
    }

    private static void putElements(ByteBuffer out, Tensor t) {
        out.putInt((int) elementBytes(t));
        if (t.type().isFixedSize()) {
            out.put(t.data());
            return;
        }
        for (int i = 0; i < t.elementCount(); i++) {
            putBlock(out, t.string(i));
        }
    }

    private static void putBlock(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length).put(bytes);
    }

    private List<EventTensor> tensors(BinaryBodyReader in, String field) {
        // A tensor takes at least 22 bytes (one-letter name, four-letter datatype, rank 0, flag, empty
        // block): bounds the list before it is allocated.
        int count = in.u32(field, 22);
        List<EventTensor> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(tensor(in, TensorField.of(field, i)));
        }
        return out;
    }

    private static EventTensor tensor(BinaryBodyReader in, TensorField field) {
        String name = nonEmpty(in.string(field.name), field.name);
        String typeName = in.string(field.datatype);
        DataType type = PredictionEventCodec.datatype(typeName, field.datatype);
        long[] shape = new long[in.u32(field.shape, 8)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.i64(field.dim(i));
            if (shape[i] < 0) {
                throw new EventFormatException(field.dim(i), "must be a non-negative integer, got " + shape[i]);
            }
        }
        long count = PredictionEventCodec.elementCount(shape, field.shape);
        int truncated = in.u8(field.truncated);
        if (truncated == 0) {
            return EventTensor.full(elements(in, name, type, shape, count, field.data));
        }
        if (truncated != 1) {
            throw new EventFormatException(field.truncated, "must be 0 or 1, got " + truncated);
        }
        return EventTensor.summarised(name, type, shape, summary(in, name, type, count, field.summary));
    }

    private static TensorSummary summary(BinaryBodyReader in, String name, DataType type, long count, String field) {
        long summarised = in.i64(field + ".count");
        if (summarised != count) {
            throw new EventFormatException(field + ".count", summarised + " does not match the shape's " + count
                    + " elements");
        }
        long nonFinite = in.i64(field + ".non_finite");
        if (nonFinite < 0 || nonFinite > count) {
            throw new EventFormatException(field + ".non_finite", nonFinite + " is not between 0 and the " + count
                    + " elements");
        }
        Double min = orNull(in.f64(field + ".min"));
        Double max = orNull(in.f64(field + ".max"));
        Double mean = orNull(in.f64(field + ".mean"));
        long headCount = in.i32(field + ".head") & 0xFFFF_FFFFL;
        if (headCount > count) {
            throw new EventFormatException(field + ".head", "has " + headCount + " values, more than the " + count
                    + " elements");
        }
        Tensor head = elements(in, name, type, new long[] {headCount}, headCount, field + ".head");
        return new TensorSummary(count, min, max, mean, nonFinite, head);
    }

    /** A tensor over the block's bytes: fixed-size types wrap the body in place, BYTES copy each string. */
    private static Tensor elements(BinaryBodyReader in, String name, DataType type, long[] shape, long count,
            String field) {
        int length = in.u32(field, 1);
        ByteBuffer block = in.take(length, field);
        if (type.isFixedSize()) {
            if (count > Integer.MAX_VALUE || count * type.byteSize() != length) {
                throw new EventFormatException(field, "has " + length + " bytes, but shape " + Shape.format(shape)
                        + " of " + type + " needs " + count + " x " + type.byteSize());
            }
            return Tensor.ofBytes(name, type, shape, block);
        }
        if (count > length / 4) {
            throw new EventFormatException(field, "has " + length + " bytes, too few for the " + count
                    + " BYTES elements of shape " + Shape.format(shape));
        }
        byte[][] strings = new byte[(int) count][];
        for (int i = 0; i < strings.length; i++) {
            if (block.remaining() < 4) {
                throw new EventFormatException(field + "[" + i + "]", "is cut short: the block ends before it");
            }
            long n = block.getInt() & 0xFFFF_FFFFL;
            if (n > block.remaining()) {
                throw new EventFormatException(field + "[" + i + "]", "says " + n + " bytes, but the block has "
                        + block.remaining() + " left");
            }
            strings[i] = new byte[(int) n];
            block.get(strings[i]);
        }
        if (block.hasRemaining()) {
            throw new EventFormatException(field, block.remaining() + " bytes after the last element");
        }
        return Tensor.ofStrings(name, shape, strings);
    }

    private Map<String, Object> parameters(String json) {
        if (json.isEmpty()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EventFormatException("parameters", "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new EventFormatException("parameters", "must be a JSON object");
        }
        return PredictionEventCodec.object(node);
    }

    private static Instant timestamp(long seconds, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new EventFormatException("timestamp", "nanoseconds " + nanos + " not in 0..999999999");
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new EventFormatException("timestamp", seconds + " s is out of range", e);
        }
    }

    private static String nonEmpty(String value, String field) {
        if (value.isEmpty()) {
            throw new EventFormatException(field, "must not be empty");
        }
        return value;
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
