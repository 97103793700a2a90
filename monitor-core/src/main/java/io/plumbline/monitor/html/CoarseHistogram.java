package io.plumbline.monitor.html;

import io.plumbline.events.profile.NumericSummary;
import io.plumbline.monitor.drift.CoarseBins;
import io.plumbline.monitor.drift.PopulationStabilityIndex;
import io.plumbline.monitor.window.NumericWindow;

/**
 * Reference and current counts on PSI's coarse bins, with each bin's PSI term. Built with the same
 * {@link CoarseBins} and {@link PopulationStabilityIndex#contributions} the analyzer uses, so the bars
 * are the statistic's own inputs and the terms add up to the reported PSI. The first bin also holds
 * current values below the reference range, the last those above it, as in the statistic.
 *
 * @param uppers upper (inclusive) edge of each bin; the last is +infinity
 * @param reference reference count per bin
 * @param current current count per bin
 * @param contributions PSI term per bin, or null when either side is empty (PSI not computed)
 */
record CoarseHistogram(double[] uppers, long[] reference, long[] current, double[] contributions) {

    static CoarseHistogram of(NumericSummary summary, NumericWindow window, int coarseBins) {
        CoarseBins bins = CoarseBins.of(summary, coarseBins);
        long[] reference = bins.mergeReference(summary.counts());
        long[] current = bins.merge(window.countsCopy());
        return new CoarseHistogram(bins.upperEdges(), reference, current,
                PopulationStabilityIndex.contributions(reference, current));
    }

    int size() {
        return uppers.length;
    }

    /** The value range of bin {@code i}, as the statistic counts it: "≤ u", "(l, u]" or "> l". */
    String label(int i) {
        if (size() == 1) {
            return "all values";
        }
        if (i == 0) {
            return "≤ " + Numbers.axis(uppers[0]);
        }
        if (i == size() - 1) {
            return "> " + Numbers.axis(uppers[i - 1]);
        }
        return "(" + Numbers.axis(uppers[i - 1]) + ", " + Numbers.axis(uppers[i]) + "]";
    }

    static long total(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
