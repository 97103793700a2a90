package io.plumbline.model;

/**
 * Per-model dynamic batching settings from the manifest; null fields take the server defaults.
 *
 * @param maxBatchSize rows per engine call
 * @param maxQueueDelayMicros how long the first queued request may wait for others
 * @param instances parallel engine workers
 * @param enabled false turns batching off for the model
 */
public record BatchingSettings(Integer maxBatchSize, Long maxQueueDelayMicros, Integer instances, Boolean enabled) {
    public static final BatchingSettings UNSET = new BatchingSettings(null, null, null, null);
}
