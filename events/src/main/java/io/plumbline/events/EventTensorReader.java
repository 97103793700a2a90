package io.plumbline.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.util.Arrays;

/**
 * One tensor object of an event's {@code inputs} or {@code outputs}, streamed. The elements are read
 * straight into the tensor's bytes when {@code datatype} came before {@code data}, as every Plumbline
 * writer puts it; a document with {@code data} (or {@code summary}) first is valid too, and that value is
 * kept as tokens (a {@link TokenBuffer}) until the datatype is known. Refusals wait for the end of the
 * object and come in the contract's order: name, datatype, shape, truncated, then data or summary.
 */
final class EventTensorReader {
    private static final int NAME = 0;
    private static final int DATATYPE = 1;
    private static final int SHAPE = 2;
    private static final int TRUNCATED = 3;
    private static final int SUMMARY = 4;
    private static final int DATA = 5;

    private final TensorField field;
    private final int plausible;
    private final FieldErrors errors = new FieldErrors(5);
    private String name;
    private DataType type;
    private long[] shape;
    private boolean truncated;
    private ElementArray data;
    private SummaryReader summary;
    private TokenBuffer laterData;
    private TokenBuffer laterSummary;

    private EventTensorReader(TensorField field, int plausible) {
        this.field = field;
        this.plausible = plausible;
    }

    /**
     * Reads the value at the parser's current token, leaving the parser on its last token.
     *
     * @param field the tensor's JSON paths, such as {@code inputs[0]}
     * @param plausible the most elements the document could hold (bounds what a lying shape allocates)
     */
    static EventTensor read(JsonParser p, TensorField field, int plausible) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            JsonFields.skip(p);
            throw new EventFormatException(field.path, "must be an object");
        }
        EventTensorReader r = new EventTensorReader(field, plausible);
        SeenKeys keys = new SeenKeys();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            keys.add(p, key, slot(key));
            p.nextToken();
            r.field(p, key);
        }
        return r.tensor();
    }

    private static int slot(String key) {
        return switch (key) {
            case "name" -> NAME;
            case "datatype" -> DATATYPE;
            case "shape" -> SHAPE;
            case "truncated" -> TRUNCATED;
            case "summary" -> SUMMARY;
            case "data" -> DATA;
            default -> -1;
        };
    }

    private void field(JsonParser p, String key) throws IOException {
        switch (key) {
            case "name" -> name = string(p, NAME, field.name);
            case "datatype" -> {
                String typeName = string(p, DATATYPE, field.datatype);
                if (typeName != null) {
                    try {
                        type = PredictionEventCodec.datatype(typeName, field.datatype);
                    } catch (EventFormatException e) {
                        errors.record(DATATYPE, e);
                    }
                }
            }
            case "shape" -> shape(p);
            case "truncated" -> {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    truncated = t == JsonToken.VALUE_TRUE;
                } else {
                    JsonFields.skip(p);
                    errors.record(TRUNCATED, new EventFormatException(field.truncated, "must be true or false"));
                }
            }
            case "data" -> {
                if (type == null) {
                    laterData = later(p);
                } else {
                    data = ElementArray.read(p, type, field.data, expected(), plausible);
                }
            }
            case "summary" -> {
                if (type == null) {
                    laterSummary = later(p);
                } else {
                    summary(p);
                }
            }
            default -> JsonFields.skip(p);
        }
    }

    private String string(JsonParser p, int slot, String path) throws IOException {
        try {
            return JsonFields.string(p, path, false);
        } catch (EventFormatException e) {
            errors.record(slot, e);
            return null;
        }
    }

    private void shape(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            JsonFields.skip(p);
            errors.record(SHAPE, new EventFormatException(field.shape, "must be an array of integers"));
            return;
        }
        long[] dims = new long[4];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == dims.length) {
                dims = Arrays.copyOf(dims, n * 2);
            }
            try {
                dims[n] = JsonFields.nonNegativeLong(p, field.dim(n));
            } catch (EventFormatException e) {
                errors.record(SHAPE, e);
            }
            JsonFields.skip(p);
            n++;
        }
        if (!errors.has(SHAPE)) {
            shape = Arrays.copyOf(dims, n);
        }
    }

    private void summary(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            JsonFields.skip(p);
            errors.record(SUMMARY, new EventFormatException(field.summary, "must be an object"));
        } else {
            summary = SummaryReader.read(p, type, field.summary, plausible);
        }
    }

    /** The shape's element count while the object is read, or -1 when it is not known (yet). */
    private long expected() {
        if (shape == null) {
            return -1;
        }
        try {
            return PredictionEventCodec.elementCount(shape, field.shape);
        } catch (EventFormatException e) {
            return -1;
        }
    }

    private EventTensor tensor() throws IOException {
        errors.throwIf(NAME);
        require(name, field.name);
        errors.throwIf(DATATYPE);
        require(type, field.datatype);
        errors.throwIf(SHAPE);
        require(shape, field.shape);
        long count = PredictionEventCodec.elementCount(shape, field.shape);
        errors.throwIf(TRUNCATED);
        if (!truncated) {
            if (laterData != null) {
                data = ElementArray.read(replay(laterData), type, field.data, count, plausible);
            }
            ElementArray values = data != null ? data : ElementArray.absent(type, field.data);
            return EventTensor.full(values.tensor(name, shape, count));
        }
        if (laterSummary != null) {
            summary(replay(laterSummary));
        }
        errors.throwIf(SUMMARY);
        if (summary == null) {
            throw new EventFormatException(field.summary, "is missing (the tensor is truncated)");
        }
        return EventTensor.summarised(name, type, shape, summary.summary(name, count));
    }

    private void require(Object value, String path) {
        if (value == null) {
            throw new EventFormatException(path, "is missing");
        }
    }

    /** The value at the parser's current token, kept as tokens to be read once the datatype is known. */
    private static TokenBuffer later(JsonParser p) throws IOException {
        TokenBuffer value = new TokenBuffer(p);
        JsonFields.copy(p, value);
        return value;
    }

    private static JsonParser replay(TokenBuffer value) throws IOException {
        JsonParser p = value.asParser();
        p.nextToken();
        return p;
    }
}
