package io.plumbline.events;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an event keeps of a tensor too large to carry in full: its element count, the minimum, maximum
 * and mean of its finite values (null when there are none, and always for BYTES), how many values were
 * NaN or infinite, and its first few values.
 *
 * @param count elements in the whole tensor
 * @param nonFinite NaN and infinite elements (0 for integer types and BYTES)
 * @param head the leading elements, a rank-1 tensor of the same datatype
 */
public record TensorSummary(long count, Double min, Double max, Double mean, long nonFinite, Tensor head) {

    public TensorSummary {
        Objects.requireNonNull(head, "head");
        if (count < 0 || nonFinite < 0 || nonFinite > count) {
            throw new IllegalArgumentException("summary counts out of range: count " + count + ", non-finite "
                    + nonFinite);
        }
        if (head.elementCount() > count) {
            throw new IllegalArgumentException("summary head has " + head.elementCount() + " values, more than the "
                    + count + " the tensor has");
        }
    }

    /** Summarises {@code t}; one pass over its elements. */
    public static TensorSummary of(Tensor t, TensorLimits limits) {
        long count = t.elementCount();
        Tensor head = head(t, limits);
        if (t.type() == DataType.BYTES) {
            return new TensorSummary(count, null, null, null, 0, head);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long finite = 0;
        for (int i = 0; i < count; i++) {
            double v = t.asDouble(i);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                finite++;
            }
        }
        if (finite == 0) {
            return new TensorSummary(count, null, null, null, count, head);
        }
        return new TensorSummary(count, min, max, sum / finite, count - finite, head);
    }

    /** The first values, at most {@code headElements} and {@code maxBytes} of them, copied out of {@code t}. */
    private static Tensor head(Tensor t, TensorLimits limits) {
        long n = Math.min(t.elementCount(), limits.headElements());
        if (t.type() == DataType.BYTES) {
            List<byte[]> strings = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < n && bytes + t.string(i).length <= limits.maxBytes(); i++) {
                strings.add(t.string(i).clone());
                bytes += t.string(i).length;
            }
            return Tensor.ofStrings(t.name(), new long[] {strings.size()}, strings.toArray(new byte[0][]));
        }
        int size = t.type().byteSize();
        n = Math.min(n, limits.maxBytes() / size);
        ByteBuffer copy = Tensor.allocate(n, size);
        ByteBuffer source = t.data();
        source.limit((int) (n * size));
        copy.put(source).flip();
        return Tensor.ofBytes(t.name(), t.type(), new long[] {n}, copy);
    }
}
