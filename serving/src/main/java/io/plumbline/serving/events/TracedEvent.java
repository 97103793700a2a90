package io.plumbline.serving.events;

import io.plumbline.events.PredictionEvent;

/**
 * A prediction event queued for the embedded monitor with the {@code traceparent} of the request's server
 * span beside it (null when the request was not traced): what the Kafka sink writes as the event's
 * {@code ce_traceparent} header, so both monitors see the same trace context.
 */
public record TracedEvent(PredictionEvent event, String traceparent) {
    public TracedEvent {
        if (event == null) {
            throw new IllegalArgumentException("a queued event is required");
        }
    }
}
