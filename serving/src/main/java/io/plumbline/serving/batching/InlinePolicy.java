package io.plumbline.serving.batching;

/**
 * When a request may skip the queue and run its engine call on the thread that submitted it (a
 * Netty event loop, for REST and gRPC).
 *
 * <p>Handing a request to a worker and its answer back to the event loop costs two thread
 * wake-ups, about 40 µs on the 2-core machine of bench/RESULTS.md, where the whole answer
 * otherwise takes about 100 µs at one request in flight. That hand-off only pays when the request
 * could share an engine call. So a request runs inline only when nothing can share with it or
 * wait behind it: every worker is idle, the queue is empty, and the workers' recent batches held
 * one request each (the traffic is not batching). Under load the workers form batches, the
 * average rises, and every request queues again: running inline then would take the wait that
 * lets the queue fill away from batching and cost throughput (measured: about a tenth at 32
 * connections when idle workers alone allowed it).
 *
 * <p>The thread must also have been idle: since the model's previous request arrived, at least as long
 * as an engine call takes and at least {@value #MIN_IDLE_NANOS} ns passed beyond one call. One client
 * multiplexing many calls over one HTTP/2 connection keeps one event loop busy: there the next request
 * is already read when an inline run ends, arrives within a few microseconds of it, and so queues for
 * the workers, which batch it and run beside the loop. Without this, every such request ran inline,
 * one after another on that loop, the workers idle (h2load, one connection, 32 streams: mean batch
 * 6 requests before, 2.4 to 5.3 with inline runs).
 *
 * <p>The engine call must also be short (the last one took at most {@code inlineMaxComputeNanos}), because
 * other connections on that event loop wait for it. Inline runs count as busy workers, so the
 * engine never runs more than {@code instances} calls at once. With a queue delay set, requests
 * are meant to wait for company, so none runs inline. Guarded by the batcher's lock, except the
 * call time, which any thread writes after a call.
 */
final class InlinePolicy {
    /**
     * The workers' recent mean requests per engine call at or above which nothing runs inline. At
     * 2 connections the demo model's batches average about 1.1 requests, at 8 about 2.3, at 32
     * about 4 (measured with its 2 workers).
     */
    static final double BATCHING_REQUESTS = 1.5;
    /** The least idle time beyond one engine call between two requests for one to run inline. */
    static final long MIN_IDLE_NANOS = 20_000;
    /** Weight of the newest batch in the mean: a change of load shows within about 20 batches. */
    private static final double WEIGHT = 0.1;

    private final boolean enabled;
    private final long maxComputeNanos;
    private double recentRequests = 1;
    private long lastArrivalNanos = Long.MIN_VALUE;
    /** Unknown until the first call: the first request of a version always goes to a worker. */
    private volatile long lastCallNanos = Long.MAX_VALUE;

    /** Off when the settings' longest inline call is 0 or they set a queue delay. */
    InlinePolicy(BatchSettings settings) {
        this.maxComputeNanos = settings.inlineMaxComputeNanos();
        this.enabled = maxComputeNanos > 0 && settings.maxQueueDelayNanos() == 0;
    }

    /**
     * Whether a request arriving at {@code nowNanos} runs inline, given the queue and the calls under way;
     * records the arrival.
     */
    boolean allows(long nowNanos, boolean queueEmpty, int busy) {
        long idle = lastArrivalNanos == Long.MIN_VALUE ? Long.MAX_VALUE : nowNanos - lastArrivalNanos;
        lastArrivalNanos = nowNanos;
        long call = lastCallNanos;
        return enabled && queueEmpty && busy == 0 && recentRequests < BATCHING_REQUESTS && call <= maxComputeNanos
                && idle - call >= Math.max(call, MIN_IDLE_NANOS);
    }

    /** A worker took a batch of {@code requests}. */
    void batchFormed(int requests) {
        recentRequests += (requests - recentRequests) * WEIGHT;
    }

    /** An engine call took {@code nanos}, on a worker or inline. */
    void called(long nanos) {
        lastCallNanos = nanos;
    }
}
