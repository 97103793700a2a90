package io.plumbline.serving.batching;

/** The model's queue is full; the request was not accepted. */
public final class QueueFullException extends RuntimeException {
    public QueueFullException(String message) {
        super(message, null, false, false);
    }
}
