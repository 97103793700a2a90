package io.plumbline.serving.batching;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Concatenates tensors along the first (batch) dimension and slices them back. Row-major layout
 * makes both plain byte copies: a row is a contiguous run of {@code elements / rows} elements.
 */
final class TensorRows {
    private TensorRows() {
    }

    /** Concatenates same-named, same-typed tensors whose non-batch dimensions are equal. */
    static Tensor concat(String name, List<Tensor> parts) {
        Tensor first = parts.get(0);
        long[] shape = first.shape();
        long rows = 0;
        for (Tensor t : parts) {
            rows += t.dim(0);
        }
        shape[0] = rows;
        if (first.type() == DataType.BYTES) {
            int total = 0;
            for (Tensor t : parts) {
                total += (int) t.elementCount();
            }
            byte[][] all = new byte[total][];
            int at = 0;
            for (Tensor t : parts) {
                for (int i = 0; i < t.elementCount(); i++) {
                    all[at++] = t.string(i);
                }
            }
            return Tensor.ofStrings(name, shape, all);
        }
        long bytes = 0;
        for (Tensor t : parts) {
            bytes += t.byteLength();
        }
        ByteBuffer out = Tensor.allocate(bytes, 1);
        for (Tensor t : parts) {
            out.put(t.data());
        }
        out.flip();
        return Tensor.ofBytes(name, first.type(), shape, out);
    }

    /** Rows {@code [from, from + count)} of {@code t}. */
    static Tensor slice(Tensor t, long from, long count) {
        long[] shape = t.shape();
        long rows = shape[0];
        long perRow = rows == 0 ? 0 : t.elementCount() / rows;
        shape[0] = count;
        if (t.type() == DataType.BYTES) {
            byte[][] part = new byte[(int) (perRow * count)][];
            for (int i = 0; i < part.length; i++) {
                part[i] = t.string((int) (from * perRow) + i);
            }
            return Tensor.ofStrings(t.name(), shape, part);
        }
        int size = t.type().byteSize();
        ByteBuffer data = t.data();
        data.position((int) (from * perRow * size));
        data.limit((int) ((from + count) * perRow * size));
        return Tensor.ofBytes(t.name(), t.type(), shape, data.slice());
    }
}
