package io.plumbline.monitor.stream;

import io.plumbline.events.PredictionEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/** Adapts an {@link EventDecoder} to Kafka; every decoding failure becomes a {@link SerializationException}. */
final class EventDeserializer implements Deserializer<PredictionEvent> {
    private final EventDecoder decoder;

    EventDeserializer(EventDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public PredictionEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, new RecordHeaders(), data);
    }

    @Override
    public PredictionEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            throw new SerializationException("prediction event without a value");
        }
        try {
            return decoder.decode(topic, headers, data);
        } catch (RuntimeException e) {
            // Records come from outside: whatever a malformed one throws, it is skipped, not fatal.
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
