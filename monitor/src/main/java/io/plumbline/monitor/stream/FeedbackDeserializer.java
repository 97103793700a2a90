package io.plumbline.monitor.stream;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.FeedbackRecordCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Feedback records from Kafka; a record that does not decode becomes a {@link SerializationException}, which
 * {@link CountingDeserializationHandler} counts and skips like an undecodable prediction event.
 */
final class FeedbackDeserializer implements Deserializer<FeedbackRecord> {
    private final FeedbackRecordCodec codec = new FeedbackRecordCodec();

    @Override
    public FeedbackRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("feedback record without a value");
        }
        try {
            return codec.decode(data);
        } catch (RuntimeException e) {
            // Records come from outside: whatever a malformed one throws, it is skipped, not fatal.
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
