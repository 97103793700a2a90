package io.plumbline.serving.events;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;

/**
 * Takes prediction events, ground-truth feedback and reference profiles out of the request path.
 * Implementations never block and never throw from {@link #offer} and {@link #offerFeedback}: what
 * they cannot take is dropped and counted.
 */
public interface EventSink extends AutoCloseable {

    SinkKind kind();

    /** Hands an event on, or drops and counts it; returns at once. */
    void offer(PredictionEvent event);

    /**
     * As {@link #offer(PredictionEvent)}, for a traced request: sinks that write CloudEvents carry
     * {@code traceparent} (W3C, null when untraced) as the event's {@code traceparent} extension.
     */
    default void offer(PredictionEvent event, String traceparent) {
        offer(event);
    }

    /**
     * Hands a feedback record on (Kafka topic {@code plumbline.feedback}, or the embedded feedback
     * queue), or drops and counts it; returns at once.
     *
     * @return false when it was dropped at once (queue or buffer full, broker not known yet, sink
     *     closed or {@code none}), so the caller can tell its client to send it again; true when taken
     *     (a Kafka delivery may still fail later, and is then counted as failed)
     */
    boolean offerFeedback(FeedbackRecord record);

    /**
     * Hands on the reference profile of a version that started serving ({@code reference-profile.json},
     * as its bytes). Rare and off the request path; may be sent later, once the sink is connected.
     */
    void publishProfile(String model, String version, byte[] profileJson);

    /** Flushes what is pending within the configured bound, then releases resources. */
    @Override
    void close();
}
