package io.plumbline.events;

import io.plumbline.tensor.Tensor;

/**
 * How much of a tensor an event carries in full. A tensor with more than {@code maxElements} elements,
 * or more than {@code maxBytes} bytes of element data (what bounds BYTES tensors, whose elements have
 * no fixed size), is summarised instead, keeping at most {@code headElements} leading values (and no
 * more than {@code maxBytes} of them). This keeps every event well under Kafka's record size limit
 * and the cost of writing it bounded, whatever a client sends.
 */
public record TensorLimits(int maxElements, long maxBytes, int headElements) {
    /** 4096 elements, 64 KiB, 16 leading values. */
    public static final TensorLimits DEFAULT = new TensorLimits(4096, 64 * 1024, 16);

    public TensorLimits {
        if (maxElements < 0) {
            throw new IllegalArgumentException("maxElements must be >= 0, was " + maxElements);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        if (headElements < 0) {
            throw new IllegalArgumentException("headElements must be >= 0, was " + headElements);
        }
    }

    /** True when the tensor must be summarised rather than carried in full. */
    public boolean exceeded(Tensor t) {
        return t.elementCount() > maxElements || t.byteLength() > maxBytes;
    }
}
