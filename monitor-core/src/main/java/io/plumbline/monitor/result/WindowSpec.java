package io.plumbline.monitor.result;

import java.time.Duration;

/**
 * Tumbling windows: {@code [k * size, (k + 1) * size)} in epoch milliseconds, so every instance and
 * every restart cuts the same windows. A window closes once time has passed its end by {@code grace};
 * events for a closed window are late and skipped.
 */
public record WindowSpec(Duration size, Duration grace) {
    public WindowSpec {
        if (size == null || size.toMillis() < 1) {
            throw new IllegalArgumentException("window size must be at least 1 ms, was " + size);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("window grace must be >= 0, was " + grace);
        }
    }

    public long startOf(long timestampMillis) {
        long s = size.toMillis();
        return Math.floorDiv(timestampMillis, s) * s;
    }

    public long endOf(long startMillis) {
        return startMillis + size.toMillis();
    }

    /** True when a window ending at {@code endMillis} is closed at {@code nowMillis}. */
    public boolean closed(long endMillis, long nowMillis) {
        return nowMillis >= endMillis + grace.toMillis();
    }
}
