package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;

/** Tensor comparisons for tests: element by element, NaN equal to NaN, BYTES byte for byte. */
final class Tensors {
    private Tensors() {
    }

    static void assertSameValues(Tensor expected, Tensor actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.type(), actual.type(), expected.name());
        assertArrayEquals(expected.shape(), actual.shape(), expected.name());
        for (int i = 0; i < expected.elementCount(); i++) {
            String at = expected.name() + "[" + i + "]";
            if (expected.type() == DataType.BYTES) {
                assertArrayEquals(expected.string(i), actual.string(i), at);
            } else if (expected.type() == DataType.INT64 || expected.type() == DataType.UINT64) {
                assertEquals(expected.getLong(i), actual.getLong(i), at);
            } else {
                // assertEquals(double, double) treats NaN as equal to NaN.
                assertEquals(expected.asDouble(i), actual.asDouble(i), 0.0, at);
            }
        }
    }
}
