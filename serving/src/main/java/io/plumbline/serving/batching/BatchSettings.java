package io.plumbline.serving.batching;

/**
 * Effective batching settings for one model version.
 *
 * @param enabled false runs each request alone (still through the bounded queue)
 * @param maxBatchSize rows per engine call
 * @param maxQueueDelayNanos how long a batch may wait for more rows after its first request;
 *     0 batches only what is already queued, adding no latency at low load
 * @param instances parallel engine workers
 * @param queueCapacity queued requests before new ones are rejected
 * @param inlineMaxComputeNanos the longest engine call that may run on the submitting thread when
 *     the workers are idle and the traffic is not batching ({@link InlinePolicy}); 0 never
 */
public record BatchSettings(boolean enabled, int maxBatchSize, long maxQueueDelayNanos, int instances,
        int queueCapacity, long inlineMaxComputeNanos) {
    public BatchSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max-batch-size must be at least 1, got " + maxBatchSize);
        }
        if (maxQueueDelayNanos < 0) {
            throw new IllegalArgumentException("max-queue-delay must be >= 0");
        }
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + instances);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
        }
        if (inlineMaxComputeNanos < 0) {
            throw new IllegalArgumentException("inline max compute must be >= 0");
        }
    }
}
