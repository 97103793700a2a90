package io.plumbline.monitor.stream;

import io.plumbline.events.PredictionEvent;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a prediction record into a {@link PredictionEvent}; the one place that knows the wire format.
 * Throws for anything it cannot read; the topology's deserialization handler counts and skips it.
 */
@FunctionalInterface
public interface EventDecoder {
    PredictionEvent decode(String topic, Headers headers, byte[] value);
}
