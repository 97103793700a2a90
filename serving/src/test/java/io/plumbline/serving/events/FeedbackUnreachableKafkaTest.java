package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.EventFormat;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.testing.FreePorts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With no broker behind the bootstrap address the topic's metadata never arrives, so a feedback send
 * fails inside {@code send} (max.block.ms 0): the sink says so at once, which the endpoint turns into
 * a 503 the client can retry, and counts it dropped; prediction events are not counted for it.
 */
class FeedbackUnreachableKafkaTest {

    @Test
    void noBroker_feedbackIsNotTaken_andCountedDropped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaEventsConfig config = new KafkaEventsConfig("127.0.0.1:" + FreePorts.loopback(), "p", "pr", "fb", null, "default", false,
                -1, (short) -1, 1 << 20, Duration.ofMillis(5), Duration.ZERO, Duration.ofMillis(100), Map.of());
        KafkaEventSink sink = new KafkaEventSink(config, "/test", EventFormat.JSON, new EventCounters(registry),
                EventCounters.feedback(registry), null);
        try {
            for (int i = 0; i < 3; i++) {
                assertFalse(sink.offerFeedback(FeedbackRecord.ofTarget("m", "", "r" + i, i, Instant.now())));
            }
        } finally {
            sink.close();
        }
        assertEquals(3.0, registry.counter("prediction.feedback", "outcome", "dropped").count());
        assertEquals(0.0, registry.counter("prediction.feedback", "outcome", "sent").count());
        assertEquals(0.0, registry.counter("prediction.events", "outcome", "dropped").count());
    }
}
