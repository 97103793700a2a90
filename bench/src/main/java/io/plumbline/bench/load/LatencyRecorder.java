package io.plumbline.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram for many recording threads. Buckets are log-linear, as in
 * HdrHistogram: values below 128 ns are exact; above, each power of two is split into 64 buckets,
 * so a percentile is within 1.6% of the true value.
 */
final class LatencyRecorder {
    private static final int SUB = 64;
    private final AtomicLongArray counts = new AtomicLongArray(SUB * 60);
    private final AtomicLong total = new AtomicLong();

    void record(long nanos) {
        counts.incrementAndGet(index(Math.max(0, nanos)));
        total.incrementAndGet();
    }

    long count() {
        return total.get();
    }

    /** The lower edge of the bucket holding the {@code q} quantile, in microseconds. */
    double percentileMicros(double q) {
        long n = total.get();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return lowerEdge(i) / 1000.0;
            }
        }
        return Double.NaN;
    }

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - 6;
        return (shift + 1) * SUB + (int) (v >> shift) - SUB;
    }

    static long lowerEdge(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        return (long) (index % SUB + SUB) << shift;
    }
}
