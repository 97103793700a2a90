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
    /** Weight of the newest batch in the mean: a change of load shows within about 20 batches. */
    private static final double WEIGHT = 0.1;

    private final boolean enabled;
    private final long maxComputeNanos;
    private double recentRequests = 1;
    /** Unknown until the first call: the first request of a version always goes to a worker. */
    private volatile long lastCallNanos = Long.MAX_VALUE;

    /** Off when the settings' longest inline call is 0 or they set a queue delay. */
    InlinePolicy(BatchSettings settings) {
        this.maxComputeNanos = settings.inlineMaxComputeNanos();
        this.enabled = maxComputeNanos > 0 && settings.maxQueueDelayNanos() == 0;
    }

    /** Whether a request submitted now runs inline, given the queue and the calls under way. */
    boolean allows(boolean queueEmpty, int busy) {
        return enabled && queueEmpty && busy == 0 && recentRequests < BATCHING_REQUESTS && lastCallNanos <= maxComputeNanos;
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
