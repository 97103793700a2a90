package io.plumbline.serving.v2;

import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary tensor extension's element layout: fixed-size types as raw little-endian bytes in
 * row-major order; BYTES as each element's 4-byte little-endian length followed by its bytes.
 */
public final class BinaryTensors {
    private BinaryTensors() {
    }

    /**
     * Decodes one tensor's binary part; the size must match the shape exactly. Nothing is allocated
     * beyond {@code raw} itself: BYTES elements are copied out only as far as their prefixes fit.
     */
    public static Tensor decode(String field, String name, DataType type, long[] shape, byte[] raw,
            InputLimits limits) {
        long count = Shape.elementCount(shape);
        if (type != DataType.BYTES) {
            // Compared by division: count * size overflows for shapes near Long.MAX_VALUE elements.
            long expected = count <= Long.MAX_VALUE / type.byteSize() ? count * type.byteSize() : Long.MAX_VALUE;
            if (raw.length != expected) {
                throw InferenceException.invalid(field + ": binary data has " + raw.length + " bytes but shape "
                        + Shape.format(shape) + " of " + type + " needs " + expected);
            }
            return Tensor.ofBytes(name, type, shape, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN));
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> strings = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 4) {
                throw InferenceException.invalid(field + ": binary BYTES data ends inside an element's length prefix");
            }
            int len = b.getInt();
            limits.checkBytesElement(field, strings.size(), Integer.toUnsignedLong(len));
            if (len < 0 || len > b.remaining()) {
                throw InferenceException.invalid(field + ": binary BYTES element " + strings.size() + " claims "
                        + Integer.toUnsignedLong(len) + " bytes but only " + b.remaining() + " remain");
            }
            byte[] s = new byte[len];
            b.get(s);
            strings.add(s);
            if (strings.size() > count) {
                break;
            }
        }
        if (strings.size() != count) {
            throw InferenceException.invalid(field + ": binary BYTES data has " + strings.size()
                    + " elements but shape " + Shape.format(shape) + " needs " + count);
        }
        return Tensor.ofStrings(name, shape, strings.toArray(new byte[0][]));
    }

    /** Size of a tensor's binary form. */
    public static long size(Tensor t) {
        return t.type() == DataType.BYTES ? t.byteLength() + 4L * t.elementCount() : t.byteLength();
    }

    /** Writes a tensor's binary form into {@code out}. */
    public static void encode(Tensor t, ByteBuffer out) {
        if (t.type() != DataType.BYTES) {
            out.put(t.data());
            return;
        }
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.elementCount(); i++) {
            byte[] s = t.string(i);
            out.putInt(s.length);
            out.put(s);
        }
        out.order(order);
    }
}
