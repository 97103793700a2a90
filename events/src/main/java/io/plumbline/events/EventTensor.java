package io.plumbline.events;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.util.Objects;
import java.util.Optional;

/**
 * One input or output of a prediction as an event carries it: name, datatype and shape always, and
 * either the full data or, when the tensor exceeded the {@link TensorLimits}, a {@link TensorSummary}
 * (the event then says {@code "truncated": true}).
 */
public final class EventTensor {
    private final String name;
    private final DataType datatype;
    private final long[] shape;
    private final Tensor data;
    private final TensorSummary summary;

    private EventTensor(String name, DataType datatype, long[] shape, Tensor data, TensorSummary summary) {
        this.name = Objects.requireNonNull(name, "name");
        this.datatype = Objects.requireNonNull(datatype, "datatype");
        this.shape = shape.clone();
        this.data = data;
        this.summary = summary;
    }

    /** The tensor in full when it is within {@code limits}, else its summary. */
    public static EventTensor of(Tensor t, TensorLimits limits) {
        if (limits.exceeded(t)) {
            return summarised(t.name(), t.type(), t.shape(), TensorSummary.of(t, limits));
        }
        return full(t);
    }

    public static EventTensor full(Tensor t) {
        return new EventTensor(t.name(), t.type(), t.shape(), t, null);
    }

    public static EventTensor summarised(String name, DataType datatype, long[] shape, TensorSummary summary) {
        Objects.requireNonNull(summary, "summary");
        if (summary.count() != Shape.elementCount(shape)) {
            throw new IllegalArgumentException("summary of '" + name + "' counts " + summary.count()
                    + " elements but shape " + Shape.format(shape) + " holds " + Shape.elementCount(shape));
        }
        if (summary.head().type() != datatype) {
            throw new IllegalArgumentException("summary head of '" + name + "' is " + summary.head().type()
                    + ", not " + datatype);
        }
        return new EventTensor(name, datatype, shape, null, summary);
    }

    public String name() {
        return name;
    }

    public DataType datatype() {
        return datatype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return Shape.elementCount(shape);
    }

    /** True when only a {@link #summary()} was kept. */
    public boolean truncated() {
        return summary != null;
    }

    /** The full tensor; absent when {@link #truncated()}. */
    public Optional<Tensor> data() {
        return Optional.ofNullable(data);
    }

    /** The summary; absent unless {@link #truncated()}. */
    public Optional<TensorSummary> summary() {
        return Optional.ofNullable(summary);
    }

    @Override
    public String toString() {
        return "EventTensor[" + name + ", " + datatype + ", " + Shape.format(shape) + (truncated() ? ", truncated]" : "]");
    }
}
