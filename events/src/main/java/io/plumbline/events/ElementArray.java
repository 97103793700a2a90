package io.plumbline.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A JSON array of tensor elements ({@code data}, or a summary's {@code head}), read in one pass straight
 * into little-endian element bytes (strings for BYTES), no value objects in between. The array is read
 * whole before anything is refused, since the count check comes first: a wrong count is reported before
 * the first bad element, and a bad element before building the tensor.
 *
 * <p>Memory: the buffer starts at the expected count (from the shape, when it came first) but never at
 * more elements than the document could hold, two bytes each ({@code 1,}), so a shape that lies costs
 * nothing; it doubles when the array holds more.
 */
final class ElementArray {
    private static final int FIRST_CAPACITY = 16;

    private final DataType type;
    private final String field;
    private final boolean array;
    private ByteBuffer values;
    private byte[][] strings;
    private int count;
    private EventFormatException firstBad;

    private ElementArray(DataType type, String field, boolean array) {
        this.type = type;
        this.field = field;
        this.array = array;
    }

    /** A field that is missing: refused as "must be an array" when read. */
    static ElementArray absent(DataType type, String field) {
        return new ElementArray(type, field, false);
    }

    /**
     * Reads the value at the parser's current token, leaving the parser on its last token.
     *
     * @param expected the element count the shape gives, or -1 when not known yet
     * @param plausible the most elements the document could hold
     */
    static ElementArray read(JsonParser p, DataType type, String field, long expected, int plausible)
            throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            JsonFields.skip(p);
            return absent(type, field);
        }
        ElementArray a = new ElementArray(type, field, true);
        int capacity = (int) Math.min(expected < 0 ? FIRST_CAPACITY : expected, plausible);
        if (type == DataType.BYTES) {
            a.strings = new byte[capacity][];
        } else {
            a.values = Tensor.allocate(capacity, type.byteSize());
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(p);
        }
        return a;
    }

    private void add(JsonParser p) throws IOException {
        if (firstBad == null) {
            try {
                if (type == DataType.BYTES) {
                    if (count == strings.length) {
                        strings = Arrays.copyOf(strings, Math.max(FIRST_CAPACITY, count * 2));
                    }
                    strings[count] = TensorJson.bytes(p, field, count);
                } else {
                    if ((long) (count + 1) * type.byteSize() > values.capacity()) {
                        grow();
                    }
                    TensorJson.put(values, count, type, p, field);
                }
            } catch (EventFormatException e) {
                firstBad = e;
            }
        }
        JsonFields.skip(p);
        count++;
    }

    private void grow() {
        ByteBuffer bigger = Tensor.allocate(Math.max(FIRST_CAPACITY, count * 2L), type.byteSize());
        bigger.put(values.clear());
        values = bigger.clear();
    }

    /** Elements in the array, or -1 when the field is not an array. */
    long count() {
        return array ? count : -1;
    }

    /** The elements as a tensor, refusing a value that is not an array, a wrong count, then a bad element. */
    Tensor tensor(String name, long[] shape, long expected) {
        if (!array) {
            throw new EventFormatException(field, "must be an array");
        }
        if (count != expected) {
            throw new EventFormatException(field, "has " + count + " values, expected " + expected);
        }
        if (firstBad != null) {
            throw firstBad;
        }
        if (type == DataType.BYTES) {
            return Tensor.ofStrings(name, shape, strings.length == count ? strings : Arrays.copyOf(strings, count));
        }
        int bytes = count * type.byteSize();
        ByteBuffer exact = values.capacity() == bytes ? values.clear()
                : Tensor.allocate(count, type.byteSize()).put(values.clear().limit(bytes)).flip();
        return Tensor.ofBytes(name, type, shape, exact);
    }
}
