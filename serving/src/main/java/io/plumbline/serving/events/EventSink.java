package io.plumbline.serving.events;

import io.plumbline.events.PredictionEvent;

/**
 * Takes prediction events and reference profiles out of the request path. Implementations never
 * block and never throw from {@link #offer}: an event they cannot take is dropped and counted.
 */
public interface EventSink extends AutoCloseable {

    SinkKind kind();

    /** Hands an event on, or drops and counts it; returns at once. */
    void offer(PredictionEvent event);

    /**
     * Hands on the reference profile of a version that started serving ({@code reference-profile.json},
     * as its bytes). Rare and off the request path; may be sent later, once the sink is connected.
     */
    void publishProfile(String model, String version, byte[] profileJson);

    /** Flushes what is pending within the configured bound, then releases resources. */
    @Override
    void close();
}
