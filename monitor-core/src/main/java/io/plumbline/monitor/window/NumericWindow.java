package io.plumbline.monitor.window;

import io.plumbline.events.profile.NumericSummary;
import java.util.Arrays;

/**
 * Live counts of a numeric feature over its reference bins.
 *
 * <p>Layout: one {@code long[]} of {@code bins + 2} counts, shared-by-reference edges from the profile
 * and a few scalars (counts of usable, missing, invalid and NaN values, a small array of violations by
{@link Violation} kind, two distance sums). Index 0 counts values at or below {@code edges[0]} (below the reference minimum),
 * index {@code i} in {@code 1..bins} counts the right-closed bin {@code (edges[i-1], edges[i]]}, and the
 * last index counts values above the reference maximum. A 1000-bin window is therefore 1002 longs
 * (8,016 bytes plus headers), within the 8 KiB budget. Beyond the guard bins the window also keeps the
 * summed distance of guard values from the nearest edge, which makes the Wasserstein integral over the
 * out-of-range tails exact. The two guards are also the data-quality count {@link #outOfRange()}: the profile's
 * first edge is {@code nextDown(min)}, so slot 0 holds exactly the values below the reference minimum.
 *
 * <p>{@link #add(double)} is a branch-light binary search with no allocation. Not thread-safe: give each
 * thread its own window and {@link #merge} them.
 */
public final class NumericWindow implements FeatureWindow {
    private final String name;
    private final double[] edges;
    private final long[] counts;
    private long count;
    private long missing;
    private long invalid;
    private long nan;
    private final long[] violations = new long[Violation.values().length];
    private double belowDistance;
    private double aboveDistance;

    public NumericWindow(String name, NumericSummary reference) {
        if (name == null || reference == null) {
            throw new IllegalArgumentException("name and reference summary are required");
        }
        this.name = name;
        this.edges = reference.edges();
        this.counts = new long[edges.length + 1];
    }

    /**
     * Counts one value: finite values go to their bin, NaN and infinities to {@link #invalid()}; NaN also
     * to {@link #nan()}, because models and clients write NaN for "missing".
     */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            invalid++;
            if (value != value) {
                nan++;
            }
            return;
        }
        int lo = bin(edges, value);
        counts[lo]++;
        count++;
        if (lo == 0) {
            belowDistance += edges[0] - value;
        } else if (lo == edges.length) {
            aboveDistance += value - edges[edges.length - 1];
        }
    }

    /**
     * The index of the first edge {@code >= value}, or {@code edges.length} when there is none. The window
     * halves without a data-dependent branch, so the JIT can use a conditional move: values land in
     * unpredictable bins, and a mispredicted branch per halving cost about half of {@link #add}. Comparing
     * with {@code <} treats -0.0 and 0.0 alike, unlike {@link Double#compare}.
     */
    static int bin(double[] edges, double value) {
        int base = 0;
        int len = edges.length;
        while (len > 1) {
            int half = len >>> 1;
            base = edges[base + half] < value ? base + half : base;
            len -= half;
        }
        return edges[base] < value ? base + 1 : base;
    }

    /** Counts an absent value (null or empty cell). */
    public void addMissing() {
        missing++;
    }

    /** Counts a value that is present but not a number (text in a numeric column): a {@link Violation#TYPE}. */
    public void addInvalid() {
        addViolation(Violation.TYPE, 1);
    }

    @Override
    public void addViolation(Violation kind, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("violations must be >= 0, was " + n);
        }
        violations[kind.ordinal()] += n;
        invalid += n;
    }

    /** Adds another window over the same reference bins into this one. */
    public void merge(NumericWindow other) {
        if (other.edges != edges && !Arrays.equals(other.edges, edges)) {
            throw new IllegalArgumentException("cannot merge windows of " + name + " and " + other.name
                    + " built on different reference edges");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        missing += other.missing;
        invalid += other.invalid;
        nan += other.nan;
        for (int i = 0; i < violations.length; i++) {
            violations[i] += other.violations[i];
        }
        belowDistance += other.belowDistance;
        aboveDistance += other.aboveDistance;
    }

    @Override
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        missing = 0;
        invalid = 0;
        nan = 0;
        Arrays.fill(violations, 0);
        belowDistance = 0;
        aboveDistance = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long missing() {
        return missing;
    }

    @Override
    public long invalid() {
        return invalid;
    }

    /** NaN values (also in {@link #invalid()}). */
    public long nan() {
        return nan;
    }

    @Override
    public long missingOrNaN() {
        return missing + nan;
    }

    @Override
    public long violations(Violation kind) {
        return violations[kind.ordinal()];
    }

    /**
     * Finite values outside the reference range: below its minimum (slot 0 holds values at or below
     * {@code nextDown(min)}, that is below {@code min}) or above its maximum (the last slot).
     */
    public long outOfRange() {
        return counts[0] + counts[counts.length - 1];
    }

    /** Count in slot {@code i} ({@code 0} = below range, {@code bins + 1} = above range). */
    public long countAt(int slot) {
        return counts[slot];
    }

    /** Number of count slots: reference bins plus the two guards. */
    public int slots() {
        return counts.length;
    }

    /** Sum of {@code edges[0] - x} over values below the reference range. */
    public double belowDistance() {
        return belowDistance;
    }

    /** Sum of {@code x - edges[last]} over values above the reference range. */
    public double aboveDistance() {
        return aboveDistance;
    }

    /** Adds stored counts back ({@link WindowCodec}); package-private so only the codec restores state. */
    void restoreSlot(int slot, long n) {
        counts[slot] += n;
        count += n;
    }

    /** Restores the data-quality counts ({@link WindowCodec} format 2); not added to invalid again. */
    void restoreQuality(long storedNan, long storedType, long storedShape) {
        nan += storedNan;
        violations[Violation.TYPE.ordinal()] += storedType;
        violations[Violation.SHAPE.ordinal()] += storedShape;
    }

    void restoreTotals(long storedMissing, long storedInvalid, double below, double above) {
        missing += storedMissing;
        invalid += storedInvalid;
        belowDistance += below;
        aboveDistance += above;
    }

    /** A copy of the counts, for serialisation and tests; the hot path never copies. */
    public long[] countsCopy() {
        return counts.clone();
    }
}
