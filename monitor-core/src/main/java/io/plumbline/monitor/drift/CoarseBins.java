package io.plumbline.monitor.drift;

import io.plumbline.events.profile.NumericSummary;
import java.util.Arrays;

/**
 * Coarse bins (deciles by default) formed by merging consecutive fine reference bins, so PSI is exact
 * for these edges: no live value has to be re-binned or interpolated.
 *
 * <p>Walking the fine bins, a coarse bin ends after fine bin {@code i} once the cumulative reference
 * count reaches the next multiple of {@code n / k} (and some reference mass remains to the right). The
 * lower guard slot joins the first coarse bin and the upper guard slot the last, so out-of-range live
 * values are counted too. Atoms can make fewer than {@code k} coarse bins. Coarse bin {@code c} covers
 * window slots {@code [start(c), start(c + 1))}; its value range is {@code (upper(c - 1), upper(c)]}.
 */
public final class CoarseBins {
    private final int[] starts;
    private final double[] uppers;

    private CoarseBins(int[] starts, double[] uppers) {
        this.starts = starts;
        this.uppers = uppers;
    }

    public static CoarseBins of(NumericSummary reference, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("coarse bins must be >= 1, was " + k);
        }
        long[] counts = reference.counts();
        long n = reference.total();
        int[] starts = new int[k + 1];
        double[] uppers = new double[k];
        int c = 0;
        starts[0] = 0;
        long cumulative = 0;
        long next = 1;
        for (int i = 1; i <= counts.length; i++) {
            cumulative += counts[i - 1];
            if (c < k - 1 && cumulative < n && (double) cumulative >= (double) next * n / k) {
                uppers[c] = reference.edges()[i];
                starts[++c] = i + 1;
                next = (long) Math.floor((double) cumulative * k / n) + 1;
            }
        }
        uppers[c] = Double.POSITIVE_INFINITY;
        starts[++c] = counts.length + 2;
        return new CoarseBins(Arrays.copyOf(starts, c + 1), Arrays.copyOf(uppers, c));
    }

    public int size() {
        return uppers.length;
    }

    /** Upper (inclusive) value edges of the coarse bins; the last is +infinity. */
    public double[] upperEdges() {
        return uppers.clone();
    }

    /** Sums fine window slots (length fine bins + 2) into the coarse bins. */
    public long[] merge(long[] slots) {
        long[] coarse = new long[size()];
        for (int c = 0; c < coarse.length; c++) {
            for (int s = starts[c]; s < starts[c + 1]; s++) {
                coarse[c] += slots[s];
            }
        }
        return coarse;
    }

    /** Sums the reference bins (which have no guard slots) into the coarse bins. */
    public long[] mergeReference(long[] counts) {
        long[] slots = new long[counts.length + 2];
        System.arraycopy(counts, 0, slots, 1, counts.length);
        return merge(slots);
    }
}
