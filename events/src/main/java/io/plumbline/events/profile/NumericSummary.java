package io.plumbline.events.profile;

import java.util.Arrays;

/**
 * Reference distribution of a numeric feature as equal-mass bins.
 *
 * <p>{@code edges} holds {@code bins + 1} strictly increasing finite values; bin {@code i}
 * ({@code 0 <= i < bins}) is the right-closed interval {@code (edges[i], edges[i + 1]]} and
 * {@code counts[i]} reference values fall in it. The first edge is just below the reference minimum
 * ({@code Math.nextDown(min)}) and the last is the maximum, so every reference value lies in some bin and
 * a live value outside the reference range is recognisable. A bin whose left edge is
 * {@code Math.nextDown} of its right edge holds a single value: that is how an atom (one value with a
 * large share) is kept out of its neighbours. The bin mass is {@code counts[i] / sum(counts)}.
 *
 * @param mean mean of the finite reference values
 * @param std sample standard deviation (n - 1) of the finite reference values
 * @param edges bin edges, strictly increasing and finite
 * @param counts reference values per bin, one fewer than edges
 */
public record NumericSummary(double mean, double std, double[] edges, long[] counts) {

    public NumericSummary {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, was " + mean);
        }
        if (!(std >= 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("std must be finite and >= 0, was " + std);
        }
        if (edges == null || edges.length < 2) {
            throw new IllegalArgumentException("edges must hold at least 2 values");
        }
        if (counts == null || counts.length != edges.length - 1) {
            throw new IllegalArgumentException("counts must hold edges.length - 1 = " + (edges.length - 1)
                    + " values, had " + (counts == null ? "none" : counts.length));
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("edges[" + i + "] must be finite, was " + edges[i]);
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("edges must be strictly increasing: edges[" + (i - 1) + "] = "
                        + edges[i - 1] + ", edges[" + i + "] = " + edges[i]);
            }
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "] must be >= 0, was " + counts[i]);
            }
        }
    }

    /** Number of reference bins. */
    public int bins() {
        return counts.length;
    }

    /** Total reference count (the sum of the bin counts). */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** True when bin {@code i} can hold one value only (its open interior is empty). */
    public boolean isSingleton(int i) {
        return Math.nextDown(edges[i + 1]) == edges[i];
    }

    /**
     * The largest reference mass in a bin with a non-empty interior: the KS error bound. Binned D can miss
     * the true supremum only inside a bin, and there by at most that bin's reference mass; singleton bins
     * (atoms) have no inside.
     */
    public double maxBinMass() {
        long n = total();
        if (n == 0) {
            return 0;
        }
        long max = 0;
        for (int i = 0; i < counts.length; i++) {
            if (!isSingleton(i)) {
                max = Math.max(max, counts[i]);
            }
        }
        return (double) max / n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericSummary other
                && Double.compare(mean, other.mean) == 0
                && Double.compare(std, other.std) == 0
                && Arrays.equals(edges, other.edges)
                && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "NumericSummary[mean=" + mean + ", std=" + std + ", bins=" + counts.length + "]";
    }
}
