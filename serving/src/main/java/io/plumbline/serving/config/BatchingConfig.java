package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.model.BatchingSettings;
import io.plumbline.monitor.config.Require;
import io.plumbline.serving.batching.BatchSettings;
import java.util.concurrent.TimeUnit;

/**
 * {@code plumbline.batching.*}: server-wide dynamic batching defaults; a model's manifest
 * {@code batching:} block overrides each field.
 *
 * @param enabled batch concurrent requests into one engine call
 * @param maxBatchSize rows per engine call
 * @param maxQueueDelayUs microseconds a batch may wait for more rows; 0 adds no latency and still
 *     batches whatever queued up while the workers were busy (as Triton's default)
 * @param instances engine workers per model version (0 = one per CPU core)
 * @param queueCapacity queued requests per model version before new ones get 429
 * @param inlineMaxComputeUs the longest engine call (as last measured) that runs on the request's
 *     own thread when the model's workers are idle and its traffic is not batching, saving the hand-off
 *     to a worker and back; 0 always hands off
 */
@ConfigurationProperties(BatchingConfig.PREFIX)
public record BatchingConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "32") int maxBatchSize,
        @Bindable(defaultValue = "0") long maxQueueDelayUs,
        @Bindable(defaultValue = "0") int instances,
        @Bindable(defaultValue = "1024") int queueCapacity,
        @Bindable(defaultValue = "200") long inlineMaxComputeUs) {
    static final String PREFIX = "plumbline.batching";

    public BatchingConfig {
        Require.atLeast(PREFIX + ".max-batch-size", maxBatchSize, 1, "32");
        Require.atLeast(PREFIX + ".max-queue-delay-us", maxQueueDelayUs, 0, "500");
        Require.atLeast(PREFIX + ".instances", instances, 0, "0");
        Require.atLeast(PREFIX + ".queue-capacity", queueCapacity, 1, "1024");
        Require.atLeast(PREFIX + ".inline-max-compute-us", inlineMaxComputeUs, 0, "200");
    }

    /** The settings for one model: its manifest's values where given, these defaults elsewhere. */
    public BatchSettings forModel(BatchingSettings manifest) {
        boolean on = manifest.enabled() != null ? manifest.enabled() : enabled;
        int max = manifest.maxBatchSize() != null ? manifest.maxBatchSize() : maxBatchSize;
        long delayUs = manifest.maxQueueDelayMicros() != null ? manifest.maxQueueDelayMicros() : maxQueueDelayUs;
        int n = manifest.instances() != null ? manifest.instances() : instances;
        if (n <= 0) {
            n = Runtime.getRuntime().availableProcessors();
        }
        return new BatchSettings(on, Math.max(1, max), TimeUnit.MICROSECONDS.toNanos(delayUs), n, queueCapacity,
                TimeUnit.MICROSECONDS.toNanos(inlineMaxComputeUs));
    }
}
