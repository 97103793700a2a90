package io.plumbline.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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
     * Reads a flat JSON array of exactly {@code elementCount} values of {@code type} into a tensor.
     *
     * @param field the array's JSON path, for error messages
     */
    static Tensor read(JsonNode array, String name, DataType type, long[] shape, long elementCount, String field) {
        if (array == null || !array.isArray()) {
            throw new EventFormatException(field, "must be an array");
        }
        if (array.size() != elementCount) {
            throw new EventFormatException(field, "has " + array.size() + " values, expected " + elementCount);
        }
        int n = array.size();
        if (type == DataType.BYTES) {
            byte[][] strings = new byte[n][];
            for (int i = 0; i < n; i++) {
                JsonNode v = array.get(i);
                if (!v.isTextual()) {
                    throw wrong(field, i, "a string for BYTES", v);
                }
                strings[i] = v.textValue().getBytes(StandardCharsets.UTF_8);
            }
            return Tensor.ofStrings(name, shape, strings);
        }
        ByteBuffer b = Tensor.allocate(n, type.byteSize());
        for (int i = 0; i < n; i++) {
            JsonNode v = array.get(i);
            switch (type) {
                case BOOL -> b.put(i, bool(v, field, i));
                case INT8 -> b.put(i, (byte) integer(v, field, i, type, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case UINT8 -> b.put(i, (byte) integer(v, field, i, type, 0, 0xFF));
                case INT16 -> b.putShort(i * 2, (short) integer(v, field, i, type, Short.MIN_VALUE, Short.MAX_VALUE));
                case UINT16 -> b.putShort(i * 2, (short) integer(v, field, i, type, 0, 0xFFFF));
                case INT32 -> b.putInt(i * 4, (int) integer(v, field, i, type, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case UINT32 -> b.putInt(i * 4, (int) integer(v, field, i, type, 0, 0xFFFF_FFFFL));
                case INT64 -> b.putLong(i * 8, integer(v, field, i, type, Long.MIN_VALUE, Long.MAX_VALUE));
                case UINT64 -> b.putLong(i * 8, unsigned64(v, field, i));
                case FP16 -> b.putShort(i * 2, Half.fromFloat(toFloat(v, field, i, type)));
                case BF16 -> b.putShort(i * 2, bfloat16(toFloat(v, field, i, type)));
                case FP32 -> b.putFloat(i * 4, toFloat(v, field, i, type));
                case FP64 -> b.putDouble(i * 8, real(v, field, i, type));
                case BYTES -> throw new AssertionError("handled above");
            }
        }
        return Tensor.ofBytes(name, type, shape, b);
    }

    private static byte bool(JsonNode v, String field, int i) {
        if (!v.isBoolean()) {
            throw wrong(field, i, "true or false for BOOL", v);
        }
        return (byte) (v.booleanValue() ? 1 : 0);
    }

    private static long integer(JsonNode v, String field, int i, DataType type, long min, long max) {
        if (!v.isIntegralNumber()) {
            throw wrong(field, i, "an integer for " + type, v);
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new EventFormatException(field + "[" + i + "]", v.asText() + " is out of range for " + type);
        }
        return v.longValue();
    }

    private static long unsigned64(JsonNode v, String field, int i) {
        if (!v.isIntegralNumber()) {
            throw wrong(field, i, "an integer for UINT64", v);
        }
        BigInteger big = v.bigIntegerValue();
        if (big.signum() < 0 || big.compareTo(UINT64_MAX) > 0) {
            throw new EventFormatException(field + "[" + i + "]", big + " is out of range for UINT64");
        }
        return big.longValue();
    }

    /** A number, or one of the three strings that stand for NaN and the infinities. */
    static double real(JsonNode v, String field, int i, DataType type) {
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (Double.isInfinite(d)) {
                throw new EventFormatException(field + "[" + i + "]", v.asText() + " is out of range for " + type);
            }
            return d;
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
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
        throw wrong(field, i, "a number, \"NaN\", \"Infinity\" or \"-Infinity\" for " + type, v);
    }

    private static float toFloat(JsonNode v, String field, int i, DataType type) {
        double d = real(v, field, i, type);
        float f = (float) d;
        if (Double.isFinite(d) && Float.isInfinite(f)) {
            throw new EventFormatException(field + "[" + i + "]", v.asText() + " is out of range for " + type);
        }
        return f;
    }

    /** Rounds to the nearest bfloat16 (ties to even), keeping NaN a NaN. */
    private static short bfloat16(float f) {
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(f);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static EventFormatException wrong(String field, int i, String expected, JsonNode v) {
        String shown = v.isTextual() ? '"' + abbreviate(v.textValue()) + '"' : abbreviate(v.toString());
        return new EventFormatException(field + "[" + i + "]", "expected " + expected + ", got " + shown);
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
