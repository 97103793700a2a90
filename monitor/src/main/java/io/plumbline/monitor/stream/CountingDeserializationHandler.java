package io.plumbline.monitor.stream;

import io.plumbline.monitor.feedback.FeedbackCounters;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.metrics.EventOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts an undecodable record as {@code monitor.events{outcome=invalid}} (a feedback record as
 * {@code monitor.feedback{outcome=invalid}}, so bad labels are told from bad predictions) and continues, so one bad
 * producer cannot stop monitoring. With a dead-letter topic configured the raw record goes there, with
 * headers saying where it came from and why. Logs the first bad record and then one in 1000, so a flood
 * of garbage does not flood the log.
 *
 * <p>Kafka instantiates this class from config, so its collaborators arrive as config values:
 * {@link #COUNTERS} (an {@link EventCounters}), {@link #FEEDBACK_COUNTERS} (a {@link FeedbackCounters}) with
 * {@link #FEEDBACK_TOPIC}, and {@link #DEAD_LETTER_TOPIC}.
 */
public final class CountingDeserializationHandler implements DeserializationExceptionHandler {
    static final String COUNTERS = "plumbline.monitor.event-counters";
    static final String DEAD_LETTER_TOPIC = "plumbline.monitor.dead-letter-topic";
    static final String FEEDBACK_COUNTERS = "plumbline.monitor.feedback-counters";
    static final String FEEDBACK_TOPIC = "plumbline.monitor.feedback-topic";
    private static final Logger LOG = LoggerFactory.getLogger(CountingDeserializationHandler.class);

    private final AtomicLong seen = new AtomicLong();
    private EventCounters counters;
    private FeedbackCounters feedback;
    private String feedbackTopic;
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object c = configs.get(COUNTERS);
        if (!(c instanceof EventCounters ec)) {
            throw new IllegalStateException(COUNTERS + " must hold the monitor's EventCounters");
        }
        counters = ec;
        if (configs.get(FEEDBACK_COUNTERS) instanceof FeedbackCounters fc && configs.get(FEEDBACK_TOPIC) != null) {
            feedback = fc;
            feedbackTopic = configs.get(FEEDBACK_TOPIC).toString();
        }
        Object dlq = configs.get(DEAD_LETTER_TOPIC);
        deadLetterTopic = dlq == null || dlq.toString().isBlank() ? null : dlq.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        if (feedback != null && feedbackTopic.equals(record.topic())) {
            feedback.invalid();
        } else {
            counters.increment(EventOutcome.INVALID);
        }
        long n = seen.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.warn("skipped undecodable record {}-{}@{} ({} so far): {}", record.topic(), record.partition(),
                    record.offset(), n, exception.getMessage());
        }
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(),
                record.headers());
        dead.headers().add("plumbline.dlq.source", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        dead.headers().add("plumbline.dlq.error", String.valueOf(exception.getMessage()).getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(dead));
    }
}
