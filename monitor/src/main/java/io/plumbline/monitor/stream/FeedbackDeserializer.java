package io.plumbline.monitor.stream;

import io.plumbline.events.FeedbackRecordCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Feedback records from Kafka; a record that does not decode becomes a {@link SerializationException}, which
 * {@link CountingDeserializationHandler} counts and skips like an undecodable prediction event. Yields the
 * processor's input type directly, like {@link EventDeserializer}.
 */
final class FeedbackDeserializer implements Deserializer<MonitorInput> {
    private final FeedbackRecordCodec codec = new FeedbackRecordCodec();

    @Override
    public MonitorInput deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("feedback record without a value");
        }
        try {
            return MonitorInput.of(codec.decode(data));
        } catch (RuntimeException e) {
            // Records come from outside: whatever a malformed one throws, it is skipped, not fatal.
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
