package io.plumbline.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;

/**
 * The JSON body of a feedback record ({@code io.plumbline.feedback.v1}) on {@link FeedbackRecord#TOPIC},
 * described by {@code io/plumbline/events/feedback-record.schema.json}:
 *
 * <pre>{@code
 * {"model": "weather", "version": "1", "id": "req-7", "label": "rain", "label_index": 2,
 *  "time": "2025-03-02T08:00:00Z"}
 * {"model": "rainfall", "id": "req-8", "target": 3.2, "time": "2025-03-02T08:00:00Z"}
 * }</pre>
 *
 * <p>{@code version}, {@code label} and {@code label_index} are left out when unknown. Reading is for
 * records from outside and strict, as {@link PredictionEventCodec} is: required fields present with
 * the right type, a label or a target and not both, a finite target, an RFC 3339 time, no duplicate
 * keys, nothing after the document; {@code label} may also be the class index (a non-negative integer).
 * The first problem raises an {@link EventFormatException} naming the field. Unknown fields are
 * ignored. Thread-safe.
 */
public final class FeedbackRecordCodec {
    static final String SUBJECT = "feedback record";

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public byte[] encode(FeedbackRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", record.model());
            if (!record.version().isEmpty()) {
                g.writeStringField("version", record.version());
            }
            g.writeStringField("id", record.requestId());
            if (!record.label().isEmpty()) {
                g.writeStringField("label", record.label());
            }
            if (record.labelIndex() >= 0) {
                g.writeNumberField("label_index", record.labelIndex());
            }
            if (record.hasTarget()) {
                g.writeNumberField("target", record.target().getAsDouble());
            }
            g.writeStringField("time", CloudEventHeaders.rfc3339(record.time()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode feedback record", e);
        }
        return out.toByteArray();
    }

    public FeedbackRecord decode(byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw error("(document)", "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw error("(document)", "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw error("(document)", "must be a JSON object", null);
        }
        String model = string(root, "model", true);
        String id = string(root, "id", true);
        String version = root.hasNonNull("version") ? string(root, "version", false) : "";
        Instant time = time(root);
        JsonNode label = root.get("label");
        JsonNode index = root.get("label_index");
        JsonNode target = root.get("target");
        boolean labelled = label != null || index != null;
        if (labelled && target != null) {
            throw error("target", "cannot be given with a label: a record holds one or the other", null);
        }
        if (target != null) {
            if (!target.isNumber() || !Double.isFinite(target.doubleValue())) {
                throw error("target", "must be a finite number, got " + TensorJson.abbreviate(target.toString()), null);
            }
            return new FeedbackRecord(model, version, id, "", -1, OptionalDouble.of(target.doubleValue()), time);
        }
        if (!labelled) {
            throw error("label", "is missing: a record holds a 'label' (a classifier's truth) or a 'target' "
                    + "(a regressor's)", null);
        }
        String name = "";
        int position = index == null ? -1 : index(index, "label_index");
        if (label != null && !label.isTextual()) {
            int fromLabel = index(label, "label");
            if (position >= 0 && position != fromLabel) {
                throw error("label_index", position + " differs from label " + fromLabel, null);
            }
            position = fromLabel;
        } else if (label != null) {
            name = string(root, "label", true);
        }
        return FeedbackRecord.ofLabel(model, version, id, name, position, time);
    }

    private static int index(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw error(field, "must be a class name or a non-negative integer index, got "
                    + TensorJson.abbreviate(v.toString()), null);
        }
        return v.intValue();
    }

    private static String string(JsonNode parent, String key, boolean required) {
        JsonNode v = parent.get(key);
        if (v == null) {
            throw error(key, "is missing", null);
        }
        if (!v.isTextual()) {
            throw error(key, "must be a string", null);
        }
        if (required && v.textValue().isEmpty()) {
            throw error(key, "must not be empty", null);
        }
        return v.textValue();
    }

    private static Instant time(JsonNode root) {
        String text = string(root, "time", true);
        try {
            return UtcTimestamp.parse(text);
        } catch (DateTimeParseException e) {
            throw error("time", "'" + TensorJson.abbreviate(text) + "' is not an RFC 3339 date-time", e);
        }
    }

    private static EventFormatException error(String field, String reason, Throwable cause) {
        return new EventFormatException(SUBJECT, field, reason, cause);
    }
}
