package io.plumbline.serving.v2;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The values of one JSON {@code data} array, held in a buffer that grows (doubling, up to the
 * shape's element count) as values arrive. Allocating the shape's size up front let a 10 MiB body
 * claiming {@code [10000000]} FP64 with one value allocate 80 MB before its 400; growing, the
 * memory a request costs stays within a small multiple of the values it actually sent.
 */
final class ElementBuffer {
    /** Elements allocated at once: requests this small (nearly all) never grow. */
    static final int FIRST_CHUNK = 4096;

    private final DataType type;
    private final long expected;
    private ByteBuffer bytes;
    private byte[][] strings;
    private int size;

    ElementBuffer(DataType type, long expected) {
        this.type = type;
        this.expected = expected;
        int first = (int) Math.min(expected, FIRST_CHUNK);
        if (type == DataType.BYTES) {
            strings = new byte[first][];
        } else {
            bytes = Tensor.allocate(first, type.byteSize());
        }
    }

    /** Elements the buffer can hold now (for tests of the growth bound). */
    int capacity() {
        return type == DataType.BYTES ? strings.length : bytes.capacity() / type.byteSize();
    }

    private void ensureRoom() {
        if (type == DataType.BYTES) {
            if (size == strings.length) {
                strings = Arrays.copyOf(strings, grown(strings.length));
            }
        } else if (!bytes.hasRemaining()) {
            ByteBuffer next = Tensor.allocate(grown(bytes.capacity() / type.byteSize()), type.byteSize());
            bytes.flip();
            next.put(bytes);
            bytes = next;
        }
    }

    private int grown(int capacity) {
        long next = Math.min(expected, Math.max(1L, (long) capacity * 2));
        if (next <= capacity) {
            // The reader never puts more than the shape's count; reaching here is a bug, not input.
            throw new IllegalStateException("element buffer is full at " + capacity + " of " + expected);
        }
        return (int) next;
    }

    void putByte(byte v) {
        ensureRoom();
        bytes.put(v);
        size++;
    }

    void putShort(short v) {
        ensureRoom();
        bytes.putShort(v);
        size++;
    }

    void putInt(int v) {
        ensureRoom();
        bytes.putInt(v);
        size++;
    }

    void putLong(long v) {
        ensureRoom();
        bytes.putLong(v);
        size++;
    }

    void putFloat(float v) {
        ensureRoom();
        bytes.putFloat(v);
        size++;
    }

    void putDouble(double v) {
        ensureRoom();
        bytes.putDouble(v);
        size++;
    }

    void putString(byte[] v) {
        ensureRoom();
        strings[size++] = v;
    }

    /** The tensor, once exactly the shape's count of values was put (the reader checks that first). */
    Tensor toTensor(String name, long[] shape) {
        if (type == DataType.BYTES) {
            return Tensor.ofStrings(name, shape, strings.length == size ? strings : Arrays.copyOf(strings, size));
        }
        bytes.flip();
        return Tensor.ofBytes(name, type, shape, bytes);
    }
}
