package io.plumbline.serving.stats;

import java.util.concurrent.atomic.LongAdder;

/** A count and a cumulative duration in nanoseconds: the extension's {@code $duration_stat}. */
final class DurationStat {
    private final LongAdder count = new LongAdder();
    private final LongAdder ns = new LongAdder();

    void add(long times, long nanos) {
        count.add(times);
        ns.add(nanos);
    }

    StatsReport.Duration read() {
        return new StatsReport.Duration(count.sum(), ns.sum());
    }
}
