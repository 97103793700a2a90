package io.plumbline.monitor.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.FeedbackRecordCodec;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.profile.SegmentSpec;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.feedback.JoinOutcome;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.FeedbackTraffic;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.testing.kafka.KafkaIo;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Predictions and feedback through the monitor's topology (Kafka Streams' TopologyTestDriver): the scripted
 * {@link FeedbackTraffic} (in order, out of order, a duplicate, an unknown id) gives exactly the joined
 * counts and metrics worked out by hand there, in the window's drift record, in the gauges and in the
 * join's outcome counters; the unknown id ends unmatched once the join window has passed.
 */
class FeedbackTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final FeedbackRecordCodec feedbackCodec = new FeedbackRecordCodec();
    private SimpleMeterRegistry registry;
    private WebhookDispatcher webhooks;
    private MonitorCore core;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> predictions;
    private TestInputTopic<String, byte[]> feedback;
    private TestOutputTopic<String, byte[]> drift;
    private TestOutputTopic<String, byte[]> performance;

    @BeforeEach
    void start() throws IOException {
        registry = new SimpleMeterRegistry();
        webhooks = TestMonitors.dispatcher(registry, List.of());
        core = TestMonitors.core(registry, new WindowSpec(SIZE, GRACE), AlertPolicy.defaults(), webhooks);
        Topics topics = Topics.defaults();
        StreamsSettings settings = new StreamsSettings("unused:9092", "feedback-topology-test", "at_least_once",
                Files.createTempDirectory("streams").toString(), 1, null, Map.of());
        driver = new TopologyTestDriver(MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core),
                settings.properties(topics, core));
        driver.createInputTopic(topics.profiles(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("weather:1", DriftTraffic.profileJson(FeedbackTraffic.profile()));
        predictions = driver.createInputTopic(topics.predictions(), new StringSerializer(), new ByteArraySerializer());
        feedback = driver.createInputTopic(topics.feedback(), new StringSerializer(), new ByteArraySerializer());
        drift = driver.createOutputTopic(topics.drift(), new StringDeserializer(), new ByteArrayDeserializer());
        performance = driver.createOutputTopic(topics.performance(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        webhooks.close();
    }

    private void play(FeedbackTraffic.Step step) {
        if (step.prediction() != null) {
            predictions.pipeInput(new TestRecord<>("weather", DriftTraffic.encode(step.prediction()),
                    KafkaIo.headers(step.prediction()), step.at()));
        } else {
            feedback.pipeInput(new TestRecord<>("weather", feedbackCodec.encode(step.feedback()), step.at()));
        }
    }

    @Test
    void theScriptGivesTheHandWorkedCountsAndMetrics() throws IOException {
        FeedbackTraffic.script("weather", "1", T0).forEach(this::play);
        play(FeedbackTraffic.after("weather", "1", T0, SIZE, GRACE));

        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(1, records.size(), "the script's window closed");
        JsonNode quality = json.readTree(records.get(0).value()).get("performance");
        assertEquals(FeedbackTraffic.PREDICTIONS, quality.get("predictions").asInt());
        assertEquals(FeedbackTraffic.LABELLED, quality.get("labelled").asInt());
        assertEquals(FeedbackTraffic.ACCURACY, quality.get("realised").get("accuracy").asDouble(), 1e-12);
        assertEquals(FeedbackTraffic.LOG_LOSS, quality.get("realised").get("logLoss").asDouble(), 1e-6);
        List<TestRecord<String, byte[]>> written = performance.readRecordsToList();
        assertEquals(1, written.size(), "one performance record for the window with predictions");
        assertEquals("weather:1", written.get(0).key());
        assertEquals(quality, json.readTree(written.get(0).value()).get("performance"),
                "plumbline.performance carries the drift record's performance section");

        assertEquals(FeedbackTraffic.ACCURACY, registry.get("model.performance").tags("model", "weather", "version", "1",
                "metric", "accuracy", "source", "realised").gauge().value(), 1e-12);
        assertEquals(0.6, registry.get("model.feedback.coverage").tags("model", "weather").gauge().value(), 1e-12);
        assertEquals(FeedbackTraffic.MATCHED, core.feedback().count(JoinOutcome.MATCHED));
        assertEquals(FeedbackTraffic.DUPLICATE, core.feedback().count(JoinOutcome.DUPLICATE));
        assertEquals(FeedbackTraffic.WAITED, core.feedback().waitingCount());
        assertEquals(0, core.feedback().count(JoinOutcome.UNMATCHED), "zz may still find its prediction");

        // A week later (the default join window) plus a bit, zz has waited in vain.
        Instant weekLater = T0.plus(Duration.ofDays(7)).plusSeconds(60);
        play(new FeedbackTraffic.Step(weekLater, FeedbackTraffic.prediction("weather", "1", "f", weekLater, 0.5), null));
        assertEquals(1, core.feedback().count(JoinOutcome.UNMATCHED));
    }

    @Test
    void truthObservedLongBeforeItArrives_isScoredInTheWindowItArrivesIn() throws IOException {
        // Serving stamps a feedback record with its "time": here a day before the prediction it labels.
        Instant p = T0.plusSeconds(1);
        play(new FeedbackTraffic.Step(p, FeedbackTraffic.prediction("weather", "1", "p", p, 0.8), null));
        Instant observed = T0.minus(Duration.ofDays(1));
        play(new FeedbackTraffic.Step(observed, null, FeedbackTraffic.label("weather", "p", "rain", observed)));
        play(FeedbackTraffic.after("weather", "1", T0, SIZE, GRACE));

        JsonNode quality = json.readTree(drift.readRecordsToList().get(0).value()).get("performance");
        assertEquals(1, quality.get("labelled").asInt(), "scored in the window open when it arrived");
        assertEquals(1.0, quality.get("realised").get("accuracy").asDouble());
    }

    @Test
    void aSegmentedModel_writesOneRecordPerSegment_andScoresALabelInItsRowsSegment() throws IOException {
        driver.createInputTopic(Topics.defaults().profiles(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("weather:1", DriftTraffic.profileJson(FeedbackTraffic.profile().withSegments(
                        List.of(new SegmentSpec(null, "tenant", List.of("acme"), null)))));
        // By hand: a (acme, rain 0.8, labelled rain: right), b (globex, so "other"; rain 0.3, labelled rain:
        // wrong), c (no tenant, "other"; unlabelled). Whole: 3 predicted, 2 labelled, accuracy 1/2;
        // tenant=acme: 1, 1, 1.0; tenant=other: 2, 1, 0.0.
        Instant at = T0.plusSeconds(1);
        playWith("acme", FeedbackTraffic.prediction("weather", "1", "a", at, 0.8));
        playWith("globex", FeedbackTraffic.prediction("weather", "1", "b", at, 0.3));
        playWith(null, FeedbackTraffic.prediction("weather", "1", "c", at, 0.6));
        play(new FeedbackTraffic.Step(at, null, FeedbackTraffic.label("weather", "a", "rain", at)));
        play(new FeedbackTraffic.Step(at, null, FeedbackTraffic.label("weather", "b", "rain", at)));
        play(FeedbackTraffic.after("weather", "1", T0, SIZE, GRACE));

        Map<String, JsonNode> bySegment = new TreeMap<>();
        for (TestRecord<String, byte[]> r : drift.readRecordsToList()) {
            JsonNode record = json.readTree(r.value());
            assertEquals("weather:1", r.key());
            bySegment.put(record.path("segment").asText(""), record.get("performance"));
        }
        assertEquals(List.of("", "tenant=acme", "tenant=other"), List.copyOf(bySegment.keySet()));
        assertPerformance(bySegment.get(""), 3, 2, 0.5);
        assertPerformance(bySegment.get("tenant=acme"), 1, 1, 1.0);
        assertPerformance(bySegment.get("tenant=other"), 2, 1, 0.0);
        assertEquals(3, performance.readRecordsToList().size(), "a performance record per window with predictions");
        assertEquals(1.0, registry.get("model.segment.performance").tags("model", "weather", "segment", "tenant=acme",
                "metric", "accuracy", "source", "realised").gauge().value());
    }

    private void playWith(String tenant, PredictionEvent e) {
        play(new FeedbackTraffic.Step(e.timestamp(), new PredictionEvent(e.model(), e.version(), e.requestId(),
                e.timestamp(), e.latencyMicros(), tenant == null ? Map.of() : Map.of("tenant", tenant), e.inputs(),
                e.outputs()), null));
    }

    private static void assertPerformance(JsonNode p, int predictions, int labelled, double accuracy) {
        assertEquals(predictions, p.get("predictions").asInt(), p.toString());
        assertEquals(labelled, p.get("labelled").asInt(), p.toString());
        assertEquals(accuracy, p.get("realised").get("accuracy").asDouble(), 1e-12, p.toString());
    }

    @Test
    void anUndecodableFeedbackRecord_isCountedAsInvalidFeedback_notAsAnInvalidEvent() {
        feedback.pipeInput(new TestRecord<>("weather", "{\"not\": \"feedback\"}".getBytes(), T0));
        predictions.pipeInput(new TestRecord<>("weather", "garbage".getBytes(), T0));
        assertEquals(1, core.feedback().count(JoinOutcome.INVALID));
        assertEquals(1, core.events().count(EventOutcome.INVALID), "only the prediction topic's garbage");
    }
}
