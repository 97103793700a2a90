package io.plumbline.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.io.IOException;

/**
 * The {@code summary} object of a truncated tensor, streamed: its fields are read as they come and
 * checked once the tensor's element count is known, in the order the contract checks them (count,
 * non_finite, head, min, max, mean).
 */
final class SummaryReader {
    private static final int COUNT = 0;
    private static final int NON_FINITE = 1;
    private static final int MIN = 2;
    private static final int MAX = 3;
    private static final int MEAN = 4;
    private static final int HEAD = 5;

    private final String field;
    private final FieldErrors errors = new FieldErrors(5);
    private long count = -1;
    private long nonFinite = -1;
    private Double min;
    private Double max;
    private Double mean;
    private ElementArray head;

    private SummaryReader(String field) {
        this.field = field;
    }

    /** Reads the object at the parser's START_OBJECT, leaving the parser on its END_OBJECT. */
    static SummaryReader read(JsonParser p, DataType type, String field, int plausible) throws IOException {
        SummaryReader s = new SummaryReader(field);
        SeenKeys keys = new SeenKeys();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            keys.add(p, key, slot(key));
            p.nextToken();
            switch (key) {
                case "count" -> s.count = s.nonNegative(p, COUNT, field + ".count");
                case "non_finite" -> s.nonFinite = s.nonNegative(p, NON_FINITE, field + ".non_finite");
                case "head" -> s.head = ElementArray.read(p, type, field + ".head", -1, plausible);
                case "min" -> s.min = s.real(p, MIN, key);
                case "max" -> s.max = s.real(p, MAX, key);
                case "mean" -> s.mean = s.real(p, MEAN, key);
                default -> JsonFields.skip(p);
            }
        }
        if (s.head == null) {
            s.head = ElementArray.absent(type, field + ".head");
        }
        return s;
    }

    private static int slot(String key) {
        return switch (key) {
            case "count" -> COUNT;
            case "non_finite" -> NON_FINITE;
            case "min" -> MIN;
            case "max" -> MAX;
            case "mean" -> MEAN;
            case "head" -> HEAD;
            default -> -1;
        };
    }

    private long nonNegative(JsonParser p, int slot, String at) throws IOException {
        try {
            return JsonFields.nonNegativeLong(p, at);
        } catch (EventFormatException e) {
            errors.record(slot, e);
            return -1;
        }
    }

    /** A number, or null for JSON null (no finite values); anything else is refused. */
    private Double real(JsonParser p, int slot, String key) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        if (t != JsonToken.VALUE_NULL) {
            JsonFields.skip(p);
            errors.record(slot, new EventFormatException(field + "." + key, "must be a number or null"));
        }
        return null;
    }

    /** The summary of a tensor of {@code elements} elements, or the first refusal in check order. */
    TensorSummary summary(String name, long elements) {
        errors.throwIf(COUNT);
        if (count < 0) {
            throw new EventFormatException(field + ".count", "is missing");
        }
        if (count != elements) {
            throw new EventFormatException(field + ".count", count + " does not match the shape's " + elements
                    + " elements");
        }
        errors.throwIf(NON_FINITE);
        if (nonFinite < 0) {
            throw new EventFormatException(field + ".non_finite", "is missing");
        }
        if (nonFinite > count) {
            throw new EventFormatException(field + ".non_finite", nonFinite + " is more than the " + count
                    + " elements");
        }
        long headCount = head.count();
        if (headCount > count) {
            throw new EventFormatException(field + ".head", "has " + headCount + " values, more than the " + count
                    + " elements");
        }
        Tensor values = head.tensor(name, new long[] {Math.max(headCount, 0)}, headCount);
        errors.throwIf(MIN);
        errors.throwIf(MAX);
        errors.throwIf(MEAN);
        return new TensorSummary(count, min, max, mean, nonFinite, values);
    }
}
