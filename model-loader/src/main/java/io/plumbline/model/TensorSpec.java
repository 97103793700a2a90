package io.plumbline.model;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One input or output of a model signature.
 *
 * @param shape dimensions, -1 where variable (the batch dimension usually is)
 * @param features names of the columns of the last dimension, for drift reporting (may be empty)
 * @param labels class names of the last dimension of a classifier output (may be empty)
 */
public record TensorSpec(String name, DataType datatype, long[] shape, List<String> features, List<String> labels) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        shape = shape.clone();
        features = List.copyOf(features);
        labels = List.copyOf(labels);
    }

    public TensorSpec(String name, DataType datatype, long[] shape) {
        this(name, datatype, shape, List.of(), List.of());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** True when the first dimension is variable, so requests can be concatenated along it. */
    public boolean batchable() {
        return shape.length > 0 && shape[0] < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && datatype == t.datatype
                && Arrays.equals(shape, t.shape) && features.equals(t.features) && labels.equals(t.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, datatype, Arrays.hashCode(shape), features, labels);
    }

    @Override
    public String toString() {
        return name + ":" + datatype + Shape.format(shape);
    }
}
