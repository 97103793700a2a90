package io.plumbline.serving.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Half;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads a V2 {@code data} array into a tensor of a known datatype and element count. Every value is
 * range-checked for its datatype: INT64 is read as a long, never through a double; a number that
 * does not fit (1e400, or 3.5e38 as FP32) is a 400 naming the tensor and index, not an Infinity.
 *
 * <p>Data is flat (row-major, as the V2 spec allows) or nested exactly as the shape: a nesting
 * that disagrees with the shape ({@code [[1,2],[3,4]]} for {@code [1,4]}) is refused rather than
 * read as if flat. Buffers grow with the values actually read ({@link ElementBuffer}), so a shape
 * that claims millions of elements costs nothing until the values are there.
 */
final class TensorDataReader {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final JsonParser p;
    private final String field;
    private final DataType type;
    private final long[] shape;
    private final long expected;
    private final InputLimits limits;
    private final ElementBuffer out;
    private long count;

    private TensorDataReader(JsonParser p, String field, DataType type, long[] shape, long expected,
            InputLimits limits) {
        this.p = p;
        this.field = field;
        this.type = type;
        this.shape = shape;
        this.expected = expected;
        this.limits = limits;
        this.out = new ElementBuffer(type, expected);
    }

    /**
     * Reads the array at the parser's current token (START_ARRAY, or a scalar for a one-element
     * tensor) and returns the tensor.
     */
    static Tensor read(JsonParser p, String field, String name, DataType type, long[] shape, long expected,
            InputLimits limits) throws IOException {
        TensorDataReader r = new TensorDataReader(p, field, type, shape, expected, limits);
        if (p.currentToken() == JsonToken.START_ARRAY) {
            r.topLevel();
        } else {
            r.value();
        }
        if (r.count != expected) {
            throw InferenceException.invalid(field + ".data has " + r.count + " elements but shape "
                    + Shape.format(shape) + " needs " + expected);
        }
        return r.out.toTensor(name, shape);
    }

    /** Flat when the first entry is a value, nested when it is an array. */
    private void topLevel() throws IOException {
        JsonToken first = p.nextToken();
        if (first == JsonToken.START_ARRAY) {
            if (shape.length < 2) {
                throw nesting("data[0] is an array but shape " + Shape.format(shape) + " has "
                        + shape.length + " dimension" + (shape.length == 1 ? "" : "s"));
            }
            nested(0, first, "data");
            return;
        }
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.START_ARRAY) {
                throw nesting("data mixes values and arrays at data[" + count + "]");
            }
            value();
        }
    }

    /** An array at {@code depth} (its START_ARRAY already read, {@code t} its first entry). */
    private void nested(int depth, JsonToken first, String path) throws IOException {
        boolean leaves = depth == shape.length - 1;
        long entries = 0;
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            String at = path + "[" + entries + "]";
            if (entries >= shape[depth]) {
                throw nesting(path + " has more than " + shape[depth] + " entries");
            }
            if (leaves) {
                if (t == JsonToken.START_ARRAY) {
                    throw nesting(at + " is an array, nested deeper than the shape's " + shape.length
                            + " dimensions");
                }
                value();
            } else {
                if (t != JsonToken.START_ARRAY) {
                    throw nesting(at + " is a value where the shape needs an array of " + shape[depth + 1]);
                }
                nested(depth + 1, p.nextToken(), at);
            }
            entries++;
        }
        if (entries != shape[depth]) {
            throw nesting(path + " has " + entries + " entries where the shape needs " + shape[depth]);
        }
    }

    private InferenceException nesting(String what) {
        return InferenceException.invalid(field + ": " + what + "; send data flat or nested exactly as shape "
                + Shape.format(shape));
    }

    private void value() throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw InferenceException.invalid(field + ".data: unexpected end of input");
        }
        if (count >= expected) {
            // Stop before writing past the buffer; the final count is reported by read().
            count++;
            p.skipChildren();
            return;
        }
        switch (type) {
            case BOOL -> out.putByte((byte) (bool(t) ? 1 : 0));
            case INT8 -> out.putByte((byte) integer(t, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> out.putByte((byte) integer(t, 0, 255));
            case INT16 -> out.putShort((short) integer(t, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> out.putShort((short) integer(t, 0, 65535));
            case INT32 -> out.putInt((int) integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> out.putInt((int) integer(t, 0, 0xFFFF_FFFFL));
            case INT64 -> out.putLong(int64(t));
            case UINT64 -> out.putLong(uint64(t));
            case FP16 -> out.putShort(half(t));
            case BF16 -> out.putShort(brain(t));
            case FP32 -> out.putFloat(fp32(t));
            case FP64 -> out.putDouble(fp64(t));
            case BYTES -> out.putString(string(t));
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
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && (p.getLongValue() == 0 || p.getLongValue() == 1)) {
            return p.getLongValue() == 1;
        }
        throw wrong("true or false");
    }

    private long integer(JsonToken t, long min, long max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrong("an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange("[" + min + ", " + max + "]");
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw outOfRange("[" + min + ", " + max + "]");
        }
        return v;
    }

    private long int64(JsonToken t) throws IOException {
        return integer(t, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long uint64(JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrong("an integer");
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw outOfRange("[0, " + UINT64_MAX + "]");
        }
        return v.longValue();
    }

    /**
     * A number as a double. A literal too large for a double (1e400) parses as Infinity: that is
     * out of range, unlike the explicit tokens {@code Infinity} and {@code NaN} the codec allows.
     */
    private double number(JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw wrong("a number");
        }
        double d = p.getDoubleValue();
        if (Double.isInfinite(d) && !isNamedNonFinite()) {
            throw outOfRange("(finite " + type + ")");
        }
        return d;
    }

    private boolean isNamedNonFinite() throws IOException {
        String text = p.getText();
        return !text.isEmpty() && Character.isLetter(text.charAt(text.length() - 1));
    }

    private double fp64(JsonToken t) throws IOException {
        return number(t);
    }

    private float fp32(JsonToken t) throws IOException {
        double d = number(t);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw outOfRange("[" + -Float.MAX_VALUE + ", " + Float.MAX_VALUE + "]");
        }
        return f;
    }

    private short half(JsonToken t) throws IOException {
        double d = number(t);
        short h = Half.fromFloat((float) d);
        if (Float.isInfinite(Half.toFloat(h)) && !Double.isInfinite(d)) {
            throw outOfRange("[-65504, 65504]");
        }
        return h;
    }

    private byte[] string(JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw wrong("a string");
        }
        byte[] s = p.getText().getBytes(StandardCharsets.UTF_8);
        limits.checkBytesElement(field, count, s.length);
        return s;
    }

    private short brain(JsonToken t) throws IOException {
        float f = fp32(t);
        short b = bfloat16(f);
        if (Float.isInfinite(Float.intBitsToFloat(b << 16)) && !Float.isInfinite(f)) {
            throw outOfRange("(finite BF16)");
        }
        return b;
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
        String seen = p.currentToken() == JsonToken.START_OBJECT ? "an object" : "'" + Quoted.of(p.getText()) + "'";
        return InferenceException.invalid(field + ".data[" + count + "]: " + seen + " is not " + what
                + " (datatype " + type + ")");
    }

    private InferenceException outOfRange(String range) throws IOException {
        return InferenceException.invalid(field + ".data[" + count + "] " + Quoted.of(p.getText())
                + " is out of range for " + type + " " + range);
    }
}
