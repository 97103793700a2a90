package io.plumbline.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON prediction event in a single pass over the parser's tokens, with no tree in between:
 * building a Jackson tree took 43 % of the monitor's CPU per JSON event (JFR, issue 16), most of it a
 * node per tensor element. The contract is the one {@link PredictionEventCodec} documents; in
 * particular a syntax error anywhere refuses the {@code (document)} before any field is judged, and
 * fields are judged in a fixed order (model, version, id, timestamp, latency_us, parameters, inputs,
 * outputs) whatever their order in the document, so refusals are kept ({@link FieldErrors}) until the
 * document has been read to its end. One reader per document.
 */
final class PredictionEventReader {
    private static final int MODEL = 0;
    private static final int VERSION = 1;
    private static final int ID = 2;
    private static final int TIMESTAMP = 3;
    private static final int LATENCY = 4;
    private static final int PARAMETERS = 5;
    private static final int INPUTS = 6;
    private static final int OUTPUTS = 7;

    private final JsonParser p;
    private final int plausible;
    private final FieldErrors errors = new FieldErrors(8);
    private String model;
    private String version;
    private String id;
    private Instant timestamp;
    private long latency = -1;
    private Map<String, Object> parameters = Map.of();
    private List<EventTensor> inputs;
    private List<EventTensor> outputs;

    /**
     * @param p a parser over the document, with duplicate detection on
     * @param length the document's length in bytes: a JSON array of n values takes at least 2n - 1 bytes,
     *     which bounds what a shape can make the reader allocate
     */
    PredictionEventReader(JsonParser p, int length) {
        this.p = p;
        this.plausible = length / 2 + 1;
    }

    PredictionEvent read() throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            JsonFields.skip(p);
            requireEnd();
            throw new EventFormatException("(document)", "must be a JSON object");
        }
        SeenKeys keys = new SeenKeys();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int slot = slot(key);
            keys.add(p, key, slot);
            p.nextToken();
            try {
                field(key);
            } catch (EventFormatException e) {
                errors.record(slot, e);
            }
        }
        requireEnd();
        return event();
    }

    private void field(String key) throws IOException {
        switch (key) {
            case "model" -> model = JsonFields.string(p, "model", false);
            case "version" -> version = JsonFields.string(p, "version", false);
            case "id" -> id = JsonFields.string(p, "id", true);
            case "timestamp" -> timestamp = timestamp(JsonFields.string(p, "timestamp", false));
            case "latency_us" -> latency = JsonFields.nonNegativeLong(p, "latency_us");
            case "parameters" -> parameters();
            case "inputs" -> inputs = tensors("inputs");
            case "outputs" -> outputs = tensors("outputs");
            default -> JsonFields.skip(p);
        }
    }

    private static int slot(String key) {
        return switch (key) {
            case "model" -> MODEL;
            case "version" -> VERSION;
            case "id" -> ID;
            case "timestamp" -> TIMESTAMP;
            case "latency_us" -> LATENCY;
            case "parameters" -> PARAMETERS;
            case "inputs" -> INPUTS;
            case "outputs" -> OUTPUTS;
            default -> -1;
        };
    }

    private static Instant timestamp(String text) {
        try {
            return UtcTimestamp.parse(text);
        } catch (DateTimeParseException e) {
            throw new EventFormatException("timestamp", "'" + TensorJson.abbreviate(text) + "' is not an RFC 3339 "
                    + "date-time", e);
        }
    }

    private void parameters() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            parameters = JsonFields.object(p);
        } else if (t != JsonToken.VALUE_NULL) {
            JsonFields.skip(p);
            throw new EventFormatException("parameters", "must be an object");
        }
    }

    /** The tensors of an array; after the first refused tensor the rest are only checked for syntax. */
    private List<EventTensor> tensors(String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            JsonFields.skip(p);
            throw new EventFormatException(field, "must be an array");
        }
        List<EventTensor> out = new ArrayList<>();
        EventFormatException refused = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (refused != null) {
                JsonFields.skip(p);
                continue;
            }
            try {
                out.add(EventTensorReader.read(p, TensorField.of(field, out.size()), plausible));
            } catch (EventFormatException e) {
                refused = e;
            }
        }
        if (refused != null) {
            throw refused;
        }
        return out;
    }

    /** Refuses anything after the document, as the tree reader's FAIL_ON_TRAILING_TOKENS did. */
    private void requireEnd() throws IOException {
        JsonToken t = p.nextToken();
        if (t != null) {
            throw new EventFormatException("(document)", "is not valid JSON: Trailing token (of type " + t
                    + ") found after the document");
        }
    }

    private PredictionEvent event() {
        errors.throwIf(MODEL);
        require(model, "model");
        errors.throwIf(VERSION);
        require(version, "version");
        errors.throwIf(ID);
        require(id, "id");
        errors.throwIf(TIMESTAMP);
        require(timestamp, "timestamp");
        errors.throwIf(LATENCY);
        if (latency < 0) {
            throw new EventFormatException("latency_us", "is missing");
        }
        errors.throwIf(PARAMETERS);
        errors.throwIf(INPUTS);
        require(inputs, "inputs");
        errors.throwIf(OUTPUTS);
        require(outputs, "outputs");
        return new PredictionEvent(model, version, id, timestamp, latency, parameters, inputs, outputs);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new EventFormatException(field, "is missing");
        }
    }
}
