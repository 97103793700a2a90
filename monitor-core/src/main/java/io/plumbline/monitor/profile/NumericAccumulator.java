package io.plumbline.monitor.profile;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.window.NumericWindow;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Collects one numeric reference feature: exact min, max, mean and variance (Welford) over all values,
 * and the values themselves up to {@code exactLimit}; beyond that a uniform reservoir sample (Algorithm R)
 * of that size, used only to place the edges. When sampled, the bin counts come from a second pass
 * ({@link #countingWindow()}), so the masses in the profile, and the KS bound computed from them, are
 * exact either way.
 */
final class NumericAccumulator {
    private final String name;
    private final FeatureRole role;
    private final int bins;
    private final int exactLimit;
    private final SplittableRandom random;
    private double[] values = new double[64];
    private int held;
    private long count;
    private long missing;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private NumericSummary pending;
    private NumericWindow counting;

    NumericAccumulator(String name, FeatureRole role, ProfileOptions options) {
        this.name = name;
        this.role = role;
        this.bins = options.bins();
        this.exactLimit = options.exactLimit();
        this.random = new SplittableRandom(options.seed() ^ name.hashCode());
    }

    /** Adds a value; NaN and infinities count as missing (the profile's missing share covers both). */
    void add(double x) {
        if (!Double.isFinite(x)) {
            missing++;
            return;
        }
        count++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
        if (held < exactLimit) {
            if (held == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(exactLimit, 2L * values.length));
            }
            values[held++] = x;
        } else {
            long slot = random.nextLong(count);
            if (slot < exactLimit) {
                values[(int) slot] = x;
            }
        }
    }

    void addMissing() {
        missing++;
    }

    boolean sampled() {
        return count > held;
    }

    /**
     * After the first pass of a sampled feature: the window the second pass feeds to get exact counts.
     * Null when the feature is exact or empty (no second pass needed).
     */
    NumericWindow countingWindow() {
        if (!sampled() || count == 0) {
            return null;
        }
        if (counting == null) {
            double[] edges = edges();
            pending = new NumericSummary(mean, std(), edges, new long[edges.length - 1]);
            counting = new NumericWindow(name, pending);
        }
        return counting;
    }

    FeatureProfile build() {
        if (count == 0) {
            // No usable value: a single degenerate bin at 0 keeps the profile valid; every live value
            // then lands in a guard bin and the report says the reference was empty.
            NumericSummary empty = new NumericSummary(0, 0, new double[] {Math.nextDown(0.0), 0.0}, new long[1]);
            return new FeatureProfile(name, role, 0, missing, empty, null);
        }
        NumericWindow window;
        double[] edges;
        if (sampled()) {
            window = countingWindow();
            edges = pending.edges();
        } else {
            edges = edges();
            window = new NumericWindow(name, new NumericSummary(mean, std(), edges, new long[edges.length - 1]));
            for (int i = 0; i < held; i++) {
                window.add(values[i]);
            }
        }
        long[] slots = window.countsCopy();
        long[] counts = Arrays.copyOfRange(slots, 1, slots.length - 1);
        if (window.count() != count || slots[0] != 0 || slots[slots.length - 1] != 0) {
            throw new IllegalStateException("counting pass of " + name + " saw " + window.count()
                    + " values (guards " + slots[0] + "/" + slots[slots.length - 1] + "), first pass saw " + count
                    + ": the data changed between passes");
        }
        return new FeatureProfile(name, role, count, missing, new NumericSummary(mean, std(), edges, counts), null);
    }

    private double[] edges() {
        double[] sorted = Arrays.copyOf(values, held);
        Arrays.sort(sorted);
        return EqualMassEdges.compute(sorted, held, min, max, bins);
    }

    private double std() {
        return count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
    }
}
