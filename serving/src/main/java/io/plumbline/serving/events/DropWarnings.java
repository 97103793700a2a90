package io.plumbline.serving.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Says that events are being lost without flooding the log: the first loss is reported at once, later
 * ones at most once per interval, each report with the number lost since the previous one and the
 * latest reason. Lock-free, as losses are counted on request threads.
 */
final class DropWarnings {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong lastReport;
    private final String noun;
    private final String metric;

    /**
     * @param nanoTime a monotonic clock ({@code System::nanoTime} in production)
     * @param log receives the warning text
     */
    DropWarnings(Duration interval, LongSupplier nanoTime, Consumer<String> log) {
        this(interval, nanoTime, log, "prediction event(s)", "prediction_events_total");
    }

    /**
     * @param noun what is lost, as the warning names it, e.g. {@code feedback record(s)}
     * @param metric the Prometheus counter that counts the losses
     */
    DropWarnings(Duration interval, LongSupplier nanoTime, Consumer<String> log, String noun, String metric) {
        this.noun = noun;
        this.metric = metric;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.log = log;
        this.lastReport = new AtomicLong(nanoTime.getAsLong() - intervalNanos);
    }

    /** Records one lost event; warns if the interval since the last warning has passed. */
    void lost(String outcome, String reason) {
        unreported.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastReport.get();
        if (now - last >= intervalNanos && lastReport.compareAndSet(last, now)) {
            long n = unreported.getAndSet(0);
            log.accept(n + " " + noun + " " + outcome + " since the last report (latest reason: " + reason
                    + "); predictions are unaffected, see " + metric);
        }
    }
}
