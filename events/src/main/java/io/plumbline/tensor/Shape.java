package io.plumbline.tensor;

import java.util.Arrays;

/** Helpers for tensor shapes held as {@code long[]}; -1 marks a variable dimension in signatures. */
public final class Shape {
    private Shape() {
    }

    /**
     * Number of elements of a concrete shape.
     *
     * @throws IllegalArgumentException when a dimension is negative or the count overflows
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** True when a concrete shape fits a signature shape in which -1 matches any size. */
    public static boolean matches(long[] signature, long[] concrete) {
        if (signature.length != concrete.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (signature[i] >= 0 && signature[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
