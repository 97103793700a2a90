package io.plumbline.bench.monitor;

/**
 * The plain consumer's rate over several passes of one topic, timed inside each pass only: from a pass's
 * first batch to its last, that first batch not counted (it took no measured time), the spans summed.
 *
 * <p>Why not from the first batch of the first pass to the last of the last: at the end of a pass the
 * consumer's next fetch waits at the broker for new data (up to {@code fetch.max.wait.ms}, 500 ms by default), and after
 * the seek back to the beginning no fetch is sent until that one returns. Those waits are not reading; with
 * them in, 100,000 events read at 200,000-235,000 events/s and 200,000 at 300,000-370,000 (2026-12-04,
 * by hand), against 840,000-1,080,000 inside each pass, so the monitor's ratio to the consumer depended
 * on the topic's length and read 0.48 where it is about 0.10.
 */
final class PassClock {
    private long counted;
    private long activeNanos;
    private long passCounted;
    // A flag, not a sentinel time: System.nanoTime() may be negative.
    private boolean inPass;
    private long passFirst;
    private long passLast;

    /** A non-empty batch of {@code records} arrived at {@code nanos} in the current pass. */
    void batch(long nanos, int records) {
        if (inPass) {
            passCounted += records;
        } else {
            inPass = true;
            passFirst = nanos;
        }
        passLast = nanos;
    }

    /** The current pass read the topic to its end; the next batch starts a new one. */
    void endPass() {
        if (inPass) {
            activeNanos += passLast - passFirst;
            counted += passCounted;
        }
        inPass = false;
        passCounted = 0;
    }

    /** Time spent inside the finished passes. */
    long activeNanos() {
        return activeNanos;
    }

    /** Events counted in the finished passes (each pass's first batch left out). */
    long counted() {
        return counted;
    }

    /** Events per second inside the finished passes. */
    double eventsPerSecond() {
        return MonitorThroughput.rate(counted, 0, activeNanos);
    }
}
