package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;
import io.plumbline.serving.inference.InferenceRequest;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.tensor.Tensor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sampling, event contents and the embedded queue's bound, with time and randomness injected. */
class PredictionEventListenerTest {
    private static final Instant NOW = Instant.parse("2025-06-01T08:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventCounters counters = new EventCounters(registry);

    private static EventsConfig config(double rate, int queue) {
        return new EventsConfig(null, rate, 4, 1024, 2, "/test", queue, "json");
    }

    private static InferenceRequest request(String id) {
        return new InferenceRequest(id, Map.of("tenant", "a"), List.of(Tensor.ofFloats("x", new long[] {1, 2}, 1f, 2f)),
                List.of());
    }

    private static InferenceResponse response(String id) {
        return new InferenceResponse("m", "3", id, List.of(Tensor.ofLongs("y", new long[] {5}, 1, 2, 3, 4, 5)),
                List.of());
    }

    private PredictionEventListener listener(EventSink sink, double rate, double... draws) {
        int[] next = {0};
        return new PredictionEventListener(sink, config(rate, 100), counters, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> draws[next[0]++ % draws.length]);
    }

    @Test
    void everyPrediction_becomesAnEvent_withTensorsOverTheCapSummarised() throws Exception {
        EmbeddedEventSink sink = new EmbeddedEventSink(100, counters, EventCounters.feedback(registry));
        listener(sink, 1.0, 0.99).completed(null, request("r1"), response("r1"), 1_234_567);

        PredictionEvent e = sink.poll(Duration.ZERO).event();
        assertEquals("m", e.model());
        assertEquals("3", e.version());
        assertEquals("r1", e.requestId());
        assertEquals(NOW, e.timestamp());
        assertEquals(1234, e.latencyMicros());
        assertEquals(Map.of("tenant", "a"), e.parameters());
        assertEquals(2, e.inputs().get(0).elementCount());
        assertTrue(e.outputs().get(0).truncated(), "5 elements are over the cap of 4");
        assertEquals(1.0, registry.counter("prediction.events", "outcome", "sent").count());
    }

    @Test
    void sampleRate_keepsTheDrawsBelowIt() {
        EmbeddedEventSink sink = new EmbeddedEventSink(100, counters, EventCounters.feedback(registry));
        PredictionEventListener half = listener(sink, 0.5, 0.1, 0.7, 0.49, 0.5, 0.9);
        for (int i = 0; i < 5; i++) {
            half.completed(null, request("r" + i), response("r" + i), 1);
        }
        List<TracedEvent> kept = new ArrayList<>();
        sink.drainTo(kept, 100);
        assertEquals(List.of("r0", "r2"), kept.stream().map(t -> t.event().requestId()).toList());
    }

    @Test
    void rateZero_orSinkNone_buildsNothing() {
        CountingClock clock = new CountingClock();
        EmbeddedEventSink sink = new EmbeddedEventSink(100, counters, EventCounters.feedback(registry));
        new PredictionEventListener(sink, config(0.0, 100), counters, clock, () -> 0.0)
                .completed(null, request("r"), response("r"), 1);
        assertEquals(0, sink.queued());
        // Kind none with every prediction sampled: a sink that keeps what it is offered, where
        // DiscardingEventSink would swallow an event without a trace.
        RecordingNoneSink none = new RecordingNoneSink();
        new PredictionEventListener(none, config(1.0, 100), counters, clock, () -> 0.0)
                .completed(null, request("r"), response("r"), 1);
        assertEquals(List.of(), none.offered, "sink none was offered an event");
        // The clock stamps every event built: not read means no event was built.
        assertEquals(0, clock.reads, "an event was built");
        assertEquals(0.0, registry.counter("prediction.events", "outcome", "sent").count());
    }

    /** Kind {@code none}, keeping what it is offered. */
    private static final class RecordingNoneSink implements EventSink {
        final List<PredictionEvent> offered = new ArrayList<>();

        @Override
        public SinkKind kind() {
            return SinkKind.NONE;
        }

        @Override
        public void offer(PredictionEvent event) {
            offered.add(event);
        }

        @Override
        public boolean offerFeedback(FeedbackRecord record) {
            return false;
        }

        @Override
        public void publishProfile(String model, String version, byte[] profileJson) {
        }

        @Override
        public void close() {
        }
    }

    /** A fixed clock that counts how often it is read. */
    private static final class CountingClock extends Clock {
        int reads;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            reads++;
            return NOW;
        }
    }

    @Test
    void fullEmbeddedQueue_dropsAndCounts_neverBlocks() {
        EmbeddedEventSink sink = new EmbeddedEventSink(2, counters, EventCounters.feedback(registry));
        PredictionEventListener all = listener(sink, 1.0, 0.0);
        for (int i = 0; i < 5; i++) {
            all.completed(null, request("r" + i), response("r" + i), 1);
        }
        assertEquals(2, sink.queued());
        assertEquals(2.0, registry.counter("prediction.events", "outcome", "sent").count());
        assertEquals(3.0, registry.counter("prediction.events", "outcome", "dropped").count());
    }

    /** Feedback has its own queue, bounded like the events' and counted apart from them. */
    @Test
    void fullEmbeddedFeedbackQueue_dropsAndCounts_andLeavesEventsAlone() {
        EmbeddedEventSink sink = new EmbeddedEventSink(2, counters, EventCounters.feedback(registry));
        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(sink.offerFeedback(FeedbackRecord.ofTarget("m", "", "f" + i, i, NOW)));
        }
        assertEquals(List.of(true, true, false, false, false), taken);
        assertEquals(2, sink.queuedFeedback());
        assertEquals(0, sink.queued());
        assertEquals(2.0, registry.counter("prediction.feedback", "outcome", "sent").count());
        assertEquals(3.0, registry.counter("prediction.feedback", "outcome", "dropped").count());
        assertEquals(0.0, registry.counter("prediction.events", "outcome", "sent").count());
        List<FeedbackRecord> drained = new ArrayList<>();
        assertEquals(2, sink.drainFeedbackTo(drained, 10));
        assertEquals(List.of("f0", "f1"), drained.stream().map(FeedbackRecord::requestId).toList());
        assertTrue(sink.offerFeedback(FeedbackRecord.ofTarget("m", "", "f5", 5, NOW)), "room again once drained");
    }

    @Test
    void embeddedSink_keepsTheLatestProfilePerVersion() {
        EmbeddedEventSink sink = new EmbeddedEventSink(1, counters, EventCounters.feedback(registry));
        sink.publishProfile("m", "1", new byte[] {1});
        sink.publishProfile("m", "1", new byte[] {2});
        sink.publishProfile("m", "2", new byte[] {3});
        assertEquals(2, sink.profiles().size());
        assertEquals(2, sink.profiles().get("m:1")[0]);
    }
}
