package io.plumbline.serving.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Half;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a V2 {@code data} array, flat or nested, into a tensor of a known datatype and element
 * count. Every value is range-checked for its datatype: INT64 is read as a long, never through a
 * double, and an out-of-range or wrongly typed value is a 400 naming the tensor and index.
 */
final class TensorDataReader {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final JsonParser p;
    private final String field;
    private final DataType type;
    private final long expected;
    private final ByteBuffer out;
    private final byte[][] strings;
    private int count;

    private TensorDataReader(JsonParser p, String field, DataType type, long expected) {
        this.p = p;
        this.field = field;
        this.type = type;
        this.expected = expected;
        if (type == DataType.BYTES) {
            this.strings = new byte[(int) expected][];
            this.out = null;
        } else {
            this.out = Tensor.allocate(expected, type.byteSize());
            this.strings = null;
        }
    }

    /**
     * Reads the array at the parser's current token (START_ARRAY, or a scalar for a one-element
     * tensor) and returns the tensor.
     */
    static Tensor read(JsonParser p, String field, String name, DataType type, long[] shape, long expected)
            throws IOException {
        TensorDataReader r = new TensorDataReader(p, field, type, expected);
        if (p.currentToken() == JsonToken.START_ARRAY) {
            r.array(0);
        } else {
            r.value();
        }
        if (r.count != expected) {
            throw InferenceException.invalid(field + ".data has " + r.count + " elements but shape "
                    + java.util.Arrays.toString(shape) + " needs " + expected);
        }
        if (type == DataType.BYTES) {
            return Tensor.ofStrings(name, shape, r.strings);
        }
        r.out.flip();
        return Tensor.ofBytes(name, type, shape, r.out);
    }

    private void array(int depth) throws IOException {
        if (depth > 32) {
            throw InferenceException.invalid(field + ".data is nested deeper than 32 levels");
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw InferenceException.invalid(field + ".data: unexpected end of input");
            }
            if (t == JsonToken.START_ARRAY) {
                array(depth + 1);
            } else {
                value();
            }
        }
    }

    private void value() throws IOException {
        if (count >= expected) {
            // Stop before writing past the buffer; the final count is reported by read().
            count++;
            p.skipChildren();
            return;
        }
        JsonToken t = p.currentToken();
        switch (type) {
            case BOOL -> out.put((byte) (bool(t) ? 1 : 0));
            case INT8 -> out.put((byte) integer(t, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> out.put((byte) integer(t, 0, 255));
            case INT16 -> out.putShort((short) integer(t, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> out.putShort((short) integer(t, 0, 65535));
            case INT32 -> out.putInt((int) integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> out.putInt((int) integer(t, 0, 0xFFFF_FFFFL));
            case INT64 -> out.putLong(int64(t));
            case UINT64 -> out.putLong(uint64(t));
            case FP16 -> out.putShort(Half.fromFloat(floating(t)));
            case BF16 -> out.putShort(bfloat16(floating(t)));
            case FP32 -> out.putFloat(floating(t));
            case FP64 -> out.putDouble(doubleValue(t));
            case BYTES -> strings[count] = string(t);
        }
        count++;
    }

    private boolean bool(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        if (t == JsonToken.VALUE_NUMBER_INT && (p.getLongValue() == 0 || p.getLongValue() == 1)
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue() == 1;
        }
        throw wrong("true or false");
    }

    private long integer(JsonToken t, long min, long max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrong("an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange(min, max);
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw outOfRange(min, max);
        }
        return v;
    }

    private long int64(JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrong("an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return p.getLongValue();
    }

    private long uint64(JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrong("an integer");
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw InferenceException.invalid(field + ".data[" + count + "] " + v + " is out of range for UINT64");
        }
        return v.longValue();
    }

    private float floating(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getFloatValue();
        }
        throw wrong("a number");
    }

    private double doubleValue(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        throw wrong("a number");
    }

    private byte[] string(JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw wrong("a string");
        }
        return p.getText().getBytes(StandardCharsets.UTF_8);
    }

    /** Rounds to nearest even, as bfloat16 conversions in ML frameworks do. */
    private static short bfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private InferenceException wrong(String what) throws IOException {
        String seen = p.currentToken() == JsonToken.START_OBJECT ? "an object" : "'" + abbreviate(p.getText()) + "'";
        return InferenceException.invalid(field + ".data[" + count + "]: " + seen + " is not " + what
                + " (datatype " + type + ")");
    }

    private InferenceException outOfRange(long min, long max) throws IOException {
        return InferenceException.invalid(field + ".data[" + count + "] " + abbreviate(p.getText())
                + " is out of range for " + type + " [" + min + ", " + max + "]");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
