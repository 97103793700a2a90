package io.plumbline.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Half;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Tensor elements as JSON values, both ways, by datatype: BOOL as true/false, integers as exact JSON
 * integers (INT64 and UINT64 never pass through a double), FP16/BF16/FP32 in float precision (shortest
 * form that reads back to the same float), FP64 in double precision, NaN and infinities as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (JSON has no tokens for them), BYTES as
 * strings (UTF-8; invalid sequences become U+FFFD, so the JSON stays valid). Reading is strict: a
 * value of the wrong JSON type or out of the datatype's range is an error naming its index.
 *
 * <p>Public for writing only: the V2 response codec writes tensor data the same way.
 */
public final class TensorJson {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private TensorJson() {
    }

    /** Writes every element of {@code t} as array items (the caller writes the brackets). */
    public static void writeElements(JsonGenerator g, Tensor t) throws IOException {
        int n = (int) t.elementCount();
        for (int i = 0; i < n; i++) {
            switch (t.type()) {
                case BOOL -> g.writeBoolean(t.getByte(i) != 0);
                case INT8 -> g.writeNumber(t.getByte(i));
                case UINT8 -> g.writeNumber(Byte.toUnsignedInt(t.getByte(i)));
                case INT16 -> g.writeNumber(t.getShort(i));
                case UINT16 -> g.writeNumber(Short.toUnsignedInt(t.getShort(i)));
                case INT32 -> g.writeNumber(t.getInt(i));
                case UINT32 -> g.writeNumber(Integer.toUnsignedLong(t.getInt(i)));
                case INT64 -> g.writeNumber(t.getLong(i));
                case UINT64 -> g.writeNumber(new BigInteger(Long.toUnsignedString(t.getLong(i))));
                case FP16, BF16, FP32 -> writeFloat(g, (float) t.asDouble(i));
                case FP64 -> writeDouble(g, t.getDouble(i));
                case BYTES -> g.writeString(new String(t.string(i), StandardCharsets.UTF_8));
            }
        }
    }

    static void writeFloat(JsonGenerator g, float v) throws IOException {
        if (Float.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeString(nonFinite(v));
        }
    }

    static void writeDouble(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeString(nonFinite(v));
        }
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }

    /**
     * Stores the element at the parser's current token as element {@code i} of {@code b}, for any
     * fixed-size {@code type}; {@link ElementArray} walks the array.
     *
     * @param field the array's JSON path, for error messages
     */
    static void put(ByteBuffer b, int i, DataType type, JsonParser p, String field) throws IOException {
        switch (type) {
            case BOOL -> b.put(i, bool(p, field, i));
            case INT8 -> b.put(i, (byte) integer(p, field, i, type, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> b.put(i, (byte) integer(p, field, i, type, 0, 0xFF));
            case INT16 -> b.putShort(i * 2, (short) integer(p, field, i, type, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> b.putShort(i * 2, (short) integer(p, field, i, type, 0, 0xFFFF));
            case INT32 -> b.putInt(i * 4, (int) integer(p, field, i, type, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> b.putInt(i * 4, (int) integer(p, field, i, type, 0, 0xFFFF_FFFFL));
            case INT64 -> b.putLong(i * 8, integer(p, field, i, type, Long.MIN_VALUE, Long.MAX_VALUE));
            case UINT64 -> b.putLong(i * 8, unsigned64(p, field, i));
            case FP16 -> b.putShort(i * 2, Half.fromFloat(toFloat(p, field, i, type)));
            case BF16 -> b.putShort(i * 2, bfloat16(toFloat(p, field, i, type)));
            case FP32 -> b.putFloat(i * 4, toFloat(p, field, i, type));
            case FP64 -> b.putDouble(i * 8, real(p, field, i, type));
            case BYTES -> throw new IllegalArgumentException("BYTES elements are strings: use bytes()");
        }
    }

    /** The BYTES element at the parser's current token, as UTF-8. */
    static byte[] bytes(JsonParser p, String field, int i) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrong(field, i, "a string for BYTES", p);
        }
        return p.getText().getBytes(StandardCharsets.UTF_8);
    }

    private static byte bool(JsonParser p, String field, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw wrong(field, i, "true or false for BOOL", p);
        }
        return (byte) (t == JsonToken.VALUE_TRUE ? 1 : 0);
    }

    private static long integer(JsonParser p, String field, int i, DataType type, long min, long max)
            throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrong(field, i, "an integer for " + type, p);
        }
        if (!JsonFields.fitsLong(p) || p.getLongValue() < min || p.getLongValue() > max) {
            throw new EventFormatException(field + "[" + i + "]", numberText(p) + " is out of range for " + type);
        }
        return p.getLongValue();
    }

    private static long unsigned64(JsonParser p, String field, int i) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrong(field, i, "an integer for UINT64", p);
        }
        if (JsonFields.fitsLong(p) && p.getLongValue() >= 0) {
            return p.getLongValue();
        }
        BigInteger big = p.getBigIntegerValue();
        if (big.signum() < 0 || big.compareTo(UINT64_MAX) > 0) {
            throw new EventFormatException(field + "[" + i + "]", big + " is out of range for UINT64");
        }
        return big.longValue();
    }

    /** A number, or one of the three strings that stand for NaN and the infinities. */
    private static double real(JsonParser p, String field, int i, DataType type) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            double d = p.getDoubleValue();
            if (Double.isInfinite(d)) {
                throw new EventFormatException(field + "[" + i + "]", numberText(p) + " is out of range for " + type);
            }
            return d;
        }
        if (t == JsonToken.VALUE_STRING) {
            switch (p.getText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw wrong(field, i, "a number, \"NaN\", \"Infinity\" or \"-Infinity\" for " + type, p);
    }

    private static float toFloat(JsonParser p, String field, int i, DataType type) throws IOException {
        double d = real(p, field, i, type);
        float f = (float) d;
        if (Double.isFinite(d) && Float.isInfinite(f)) {
            throw new EventFormatException(field + "[" + i + "]", numberText(p) + " is out of range for " + type);
        }
        return f;
    }

    /** A number token's value as a tree node's {@code asText()} gives it: the integer, or the double. */
    private static String numberText(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return JsonFields.fitsLong(p) ? Long.toString(p.getLongValue()) : p.getBigIntegerValue().toString();
        }
        return Double.toString(p.getDoubleValue());
    }

    /** Rounds to the nearest bfloat16 (ties to even), keeping NaN a NaN. */
    private static short bfloat16(float f) {
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(f);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static EventFormatException wrong(String field, int i, String expected, JsonParser p) throws IOException {
        String shown = p.currentToken() == JsonToken.VALUE_STRING ? '"' + abbreviate(p.getText()) + '"'
                : abbreviate(JsonFields.shown(p));
        return new EventFormatException(field + "[" + i + "]", "expected " + expected + ", got " + shown);
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
