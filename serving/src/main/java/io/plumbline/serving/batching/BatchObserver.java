package io.plumbline.serving.batching;

/** What a batcher reports, for metrics. Called on worker threads; must be cheap. */
public interface BatchObserver {
    BatchObserver NONE = new BatchObserver() {
    };

    /** A request waited this long between being queued and its batch starting. */
    default void queueWait(long nanos) {
    }

    /** One engine call of {@code rows} rows took {@code nanos}. */
    default void computed(int rows, long nanos) {
    }

    /**
     * One engine call succeeded, before its requests' futures are completed (so whoever reads what this
     * reported after getting an answer finds that answer counted).
     *
     * @param requests the requests it answered
     * @param batchSize its rows; 1 for a model without a batch dimension
     * @param inputNanos assembling its inputs (concatenating the requests' rows)
     * @param inferNanos the engine call
     * @param outputNanos splitting its outputs back into each request's rows
     */
    default void executed(int requests, int batchSize, long inputNanos, long inferNanos, long outputNanos) {
    }

    /** A request was refused because the queue was full. */
    default void rejected() {
    }
}
