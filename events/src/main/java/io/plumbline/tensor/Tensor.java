package io.plumbline.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named, typed, row-major tensor. Fixed-size types keep their elements in one little-endian byte
 * buffer (the layout of the V2 binary extension and of ONNX Runtime, so batching and the binary
 * path copy bytes, never box); BYTES keeps one byte string per element.
 *
 * <p>Immutable by convention: the buffer is never written after construction and every accessor
 * reads by absolute index.
 */
public final class Tensor {
    private final String name;
    private final DataType type;
    private final long[] shape;
    private final ByteBuffer data;
    private final byte[][] strings;

    private Tensor(String name, DataType type, long[] shape, ByteBuffer data, byte[][] strings) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.shape = shape.clone();
        this.data = data;
        this.strings = strings;
    }

    /**
     * Wraps little-endian element bytes. The buffer's remaining bytes must be exactly
     * {@code elementCount(shape) * type.byteSize()}.
     */
    public static Tensor ofBytes(String name, DataType type, long[] shape, ByteBuffer littleEndian) {
        if (!type.isFixedSize()) {
            throw new IllegalArgumentException("BYTES tensors hold strings: use ofStrings");
        }
        long expected = Shape.elementCount(shape) * type.byteSize();
        if (littleEndian.remaining() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': " + littleEndian.remaining()
                    + " bytes of data for shape " + Shape.format(shape) + " of " + type + " (expected " + expected + ")");
        }
        ByteBuffer view = littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Tensor(name, type, shape, view, null);
    }

    public static Tensor ofStrings(String name, long[] shape, byte[][] elements) {
        if (elements.length != Shape.elementCount(shape)) {
            throw new IllegalArgumentException("tensor '" + name + "': " + elements.length
                    + " elements for shape " + Shape.format(shape));
        }
        return new Tensor(name, DataType.BYTES, shape, null, elements);
    }

    public static Tensor ofFloats(String name, long[] shape, float... values) {
        ByteBuffer b = allocate(values.length, 4);
        b.asFloatBuffer().put(values);
        return ofBytes(name, DataType.FP32, shape, b);
    }

    public static Tensor ofDoubles(String name, long[] shape, double... values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asDoubleBuffer().put(values);
        return ofBytes(name, DataType.FP64, shape, b);
    }

    public static Tensor ofLongs(String name, long[] shape, long... values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asLongBuffer().put(values);
        return ofBytes(name, DataType.INT64, shape, b);
    }

    public static Tensor ofInts(String name, long[] shape, int... values) {
        ByteBuffer b = allocate(values.length, 4);
        b.asIntBuffer().put(values);
        return ofBytes(name, DataType.INT32, shape, b);
    }

    /** A zeroed little-endian buffer for {@code count} elements of {@code size} bytes. */
    public static ByteBuffer allocate(long count, int size) {
        long bytes = Math.multiplyExact(count, (long) size);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + bytes + " bytes is too large");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public String name() {
        return name;
    }

    public DataType type() {
        return type;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public long elementCount() {
        return Shape.elementCount(shape);
    }

    /** A read-only little-endian view of the element bytes (position 0). Not for BYTES. */
    public ByteBuffer data() {
        if (data == null) {
            throw new IllegalStateException("tensor '" + name + "' is BYTES: use string(i)");
        }
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of bytes the elements take: fixed types their buffer, BYTES the sum of lengths. */
    public long byteLength() {
        if (data != null) {
            return data.remaining();
        }
        long n = 0;
        for (byte[] s : strings) {
            n += s.length;
        }
        return n;
    }

    public byte[] string(int i) {
        return strings[i];
    }

    public float getFloat(int i) {
        return data.getFloat(i * 4);
    }

    public double getDouble(int i) {
        return data.getDouble(i * 8);
    }

    public long getLong(int i) {
        return data.getLong(i * 8);
    }

    public int getInt(int i) {
        return data.getInt(i * 4);
    }

    public short getShort(int i) {
        return data.getShort(i * 2);
    }

    public byte getByte(int i) {
        return data.get(i);
    }

    /**
     * Element {@code i} as a double, for monitoring and summaries (not for serving: INT64 and UINT64
     * beyond 2^53 lose precision here by design). BOOL is 0/1; BYTES is NaN.
     */
    public double asDouble(int i) {
        return switch (type) {
            case BOOL, INT8 -> getByte(i);
            case UINT8 -> Byte.toUnsignedInt(getByte(i));
            case INT16 -> getShort(i);
            case UINT16 -> Short.toUnsignedInt(getShort(i));
            case INT32 -> getInt(i);
            case UINT32 -> Integer.toUnsignedLong(getInt(i));
            case INT64 -> getLong(i);
            case UINT64 -> unsignedLongToDouble(getLong(i));
            case FP16 -> Half.toFloat(getShort(i));
            case BF16 -> Float.intBitsToFloat(getShort(i) << 16);
            case FP32 -> getFloat(i);
            case FP64 -> getDouble(i);
            case BYTES -> Double.NaN;
        };
    }

    private static double unsignedLongToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    /** A copy of this tensor under another name. */
    public Tensor withName(String newName) {
        return new Tensor(newName, type, shape, data, strings);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + type + ", " + Arrays.toString(shape) + "]";
    }
}
