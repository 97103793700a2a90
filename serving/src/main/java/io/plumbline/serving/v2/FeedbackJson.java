package io.plumbline.serving.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /v2/models/{model}/feedback}: one record
 * {@code {"id": "req-7", "label": "rain"}} (a classifier: a class name of the model's labelled output,
 * or its index) or {@code {"id": "req-8", "target": 3.2}} (a regressor), each with optional
 * {@code "version"} and {@code "time"} (RFC 3339; the time of receipt when absent), or a batch
 * {@code {"feedback": [record, ...]}} of at most {@value #MAX_RECORDS}.
 *
 * <p>All or nothing: the first defect refuses the whole body with a 400 naming its field
 * ({@code feedback[3].label: 'hail' is not one of drizzle, fog, rain, snow, sun}), so a client never
 * has to find out which half of a batch was taken. Unknown fields are refused too: a misspelt
 * {@code "lable"} would otherwise be a record without its label. The parser has the inference
 * request's settings (duplicate keys refused, nesting and string length bounded).
 */
public final class FeedbackJson {
    /** Records per request; larger batches are split by the client (the whole body is validated first). */
    public static final int MAX_RECORDS = 10_000;
    private static final Set<String> FIELDS = Set.of("id", "label", "target", "version", "time");

    private final InputLimits limits;
    private final ObjectMapper mapper;

    public FeedbackJson(InputLimits limits) {
        this.limits = limits;
        this.mapper = JsonMapper.builder(JsonErrors.factory(limits))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * The model's truth, as the controller knows it from the manifest.
     *
     * @param model the model name (from the path)
     * @param output the output whose labels name the classes; null for a model without labels (a regressor)
     * @param labels that output's class names, in index order; empty for a regressor
     */
    public record Truth(String model, String output, List<String> labels) {
        public Truth {
            labels = List.copyOf(labels);
        }

        boolean classifier() {
            return !labels.isEmpty();
        }
    }

    /**
     * @param now the time given to records without {@code time}
     * @throws InferenceException 400 naming the first defect
     */
    public List<FeedbackRecord> decode(byte[] body, Truth truth, Instant now) {
        if (body.length == 0) {
            throw InferenceException.invalid("request body is empty: send {\"id\": ..., \"label\": ...} or "
                    + "{\"feedback\": [...]}");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw JsonErrors.invalid(e, limits);
        } catch (IOException e) {
            throw InferenceException.invalid("cannot read request body: " + JsonErrors.clean(String.valueOf(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw InferenceException.invalid("request body must be a JSON object: {\"id\": ..., \"label\": ...} or "
                    + "{\"feedback\": [...]}");
        }
        JsonNode batch = root.get("feedback");
        if (batch == null) {
            return List.of(record(root, "", truth, now));
        }
        if (root.size() > 1) {
            throw InferenceException.invalid("feedback: a batch holds only 'feedback'; put 'id' and the rest in "
                    + "each of its records");
        }
        if (!batch.isArray()) {
            throw InferenceException.invalid("feedback: must be an array of records");
        }
        if (batch.isEmpty()) {
            throw InferenceException.invalid("feedback: is empty");
        }
        if (batch.size() > MAX_RECORDS) {
            throw InferenceException.invalid("feedback: has " + batch.size() + " records, more than "
                    + MAX_RECORDS + " in one request; send several");
        }
        List<FeedbackRecord> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String path = "feedback[" + i + "]";
            JsonNode item = batch.get(i);
            if (!item.isObject()) {
                throw InferenceException.invalid(path + ": must be an object such as {\"id\": ..., \"label\": ...}");
            }
            out.add(record(item, path + ".", truth, now));
        }
        return out;
    }

    private static FeedbackRecord record(JsonNode node, String path, Truth truth, Instant now) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!FIELDS.contains(e.getKey())) {
                throw invalid(path, Quoted.of(e.getKey()), "is not a feedback field (id, label, target, version, "
                        + "time)");
            }
        }
        String id = text(node, "id", path);
        if (id == null) {
            throw invalid(path, "id", "is missing: the id of the prediction this is the truth for (the 'id' of "
                    + "the inference response)");
        }
        String version = text(node, "version", path);
        Instant time = time(node, path, now);
        JsonNode label = node.get("label");
        JsonNode target = node.get("target");
        if (truth.classifier()) {
            if (target != null) {
                throw invalid(path, "target", "model '" + truth.model() + "' is a classifier (output '"
                        + truth.output() + "' has labels " + String.join(", ", truth.labels()) + "): send 'label'");
            }
            if (label == null) {
                throw invalid(path, "label", "is missing: one of " + String.join(", ", truth.labels())
                        + ", or its index");
            }
            return label(label, path, truth, id, version, time);
        }
        if (label != null) {
            throw invalid(path, "label", "model '" + truth.model() + "' declares no output labels in its manifest, "
                    + "so it takes a numeric 'target'");
        }
        if (target == null) {
            throw invalid(path, "target", "is missing: the true value, a number");
        }
        if (!target.isNumber() || !Double.isFinite(target.doubleValue())) {
            throw invalid(path, "target", "must be a finite number, got " + Quoted.of(target.toString()));
        }
        return FeedbackRecord.ofTarget(truth.model(), version, id, target.doubleValue(), time);
    }

    private static FeedbackRecord label(JsonNode label, String path, Truth truth, String id, String version,
            Instant time) {
        List<String> labels = truth.labels();
        if (label.isTextual()) {
            int index = labels.indexOf(label.textValue());
            if (index < 0) {
                throw invalid(path, "label", "'" + Quoted.of(label.textValue()) + "' is not one of "
                        + String.join(", ", labels));
            }
            return FeedbackRecord.ofLabel(truth.model(), version, id, labels.get(index), index, time);
        }
        if (label.isIntegralNumber() && label.canConvertToInt() && label.intValue() >= 0
                && label.intValue() < labels.size()) {
            int index = label.intValue();
            return FeedbackRecord.ofLabel(truth.model(), version, id, labels.get(index), index, time);
        }
        throw invalid(path, "label", Quoted.of(label.toString()) + " is neither one of " + String.join(", ", labels)
                + " nor an index from 0 to " + (labels.size() - 1));
    }

    /** A non-empty string field, or null when absent. */
    private static String text(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw invalid(path, key, "must be a non-empty string");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode node, String path, Instant now) {
        String text = text(node, "time", path);
        if (text == null) {
            return now;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(path, "time", "'" + Quoted.of(text) + "' is not an RFC 3339 date-time such as "
                    + "2025-03-02T08:00:00Z");
        }
    }

    private static InferenceException invalid(String path, String field, String reason) {
        return InferenceException.invalid(path + field + ": " + reason);
    }
}
