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

    /** A request was refused because the queue was full. */
    default void rejected() {
    }
}
