package io.plumbline.monitor.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.testing.Await;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.testing.kafka.KafkaIo;
import io.plumbline.testing.WebhookReceiver;
import io.plumbline.testing.WebhookReceiver.Answer;
import io.plumbline.monitor.webhook.Signature;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.monitor.webhook.WebhookTarget;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology under TopologyTestDriver: windows, drift records, gauges, alerts, bad records, late events. */
class MonitorTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final String SHIFTED = "temp_max";

    private final ObjectMapper json = new ObjectMapper();
    private final DriftTraffic traffic = new DriftTraffic(42);
    private final ReferenceProfile profile = traffic.profile(20_000, 100);
    private SimpleMeterRegistry registry;
    private WebhookReceiver receiver;
    private WebhookDispatcher webhooks;
    private MonitorCore core;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> predictions;
    private TestOutputTopic<String, byte[]> drift;

    @BeforeEach
    void start() throws IOException {
        registry = new SimpleMeterRegistry();
        receiver = WebhookReceiver.scripted(TestMonitors.SECRET, k -> Answer.status(200));
        webhooks = TestMonitors.dispatcher(registry,
                List.of(new WebhookTarget(URI.create(receiver.url()), TestMonitors.SECRET, Set.of())));
        core = TestMonitors.core(registry, new WindowSpec(SIZE, Duration.ofSeconds(10)),
                new AlertPolicy(2, Duration.ofHours(1)), webhooks);
        Topics topics = Topics.defaults();
        StreamsSettings settings = new StreamsSettings("unused:9092", "topology-test", "at_least_once",
                Files.createTempDirectory("streams").toString(), 1, null, Map.of());
        Properties props = settings.properties(topics, core);
        driver = new TopologyTestDriver(
                MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core), props);
        TestInputTopic<String, byte[]> profiles = driver.createInputTopic(topics.profiles(), new StringSerializer(),
                new ByteArraySerializer());
        profiles.pipeInput("weather:1", DriftTraffic.profileJson(profile));
        predictions = driver.createInputTopic(topics.predictions(), new StringSerializer(), new ByteArraySerializer());
        drift = driver.createOutputTopic(topics.drift(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        webhooks.close();
        receiver.close();
    }

    private void send(PredictionEvent e, Instant at) {
        predictions.pipeInput(new TestRecord<>(e.model(), DriftTraffic.encode(e), KafkaIo.headers(e), at));
    }

    /** {@code events} events of 100 rows spread over window {@code w}. */
    private void window(int w, int events, String shifted) {
        for (int i = 0; i < events; i++) {
            Instant at = T0.plus(SIZE.multipliedBy(w)).plusMillis(i * 1000L);
            send(traffic.event("weather", "1", at, 100, shifted, 1.0), at);
        }
    }

    private void closeAll(int windows) {
        Instant later = T0.plus(SIZE.multipliedBy(windows + 2));
        send(traffic.event("weather", "1", later, 1, null, 0), later);
    }

    @Test
    void shiftedFeature_driftsAlone_andAlertsOnceDespiteSeveralDriftedWindows() throws IOException {
        window(0, 10, null);
        window(1, 10, null);
        for (int w = 2; w < 6; w++) {
            window(w, 10, SHIFTED);
        }
        closeAll(6);

        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(6, records.size(), "one drift record per closed window");
        for (int w = 0; w < 6; w++) {
            TestRecord<String, byte[]> r = records.get(w);
            assertEquals("weather:1", r.key());
            JsonNode n = json.readTree(r.value());
            assertEquals(1000, n.get("window").get("count").asLong(), "rows in window " + w);
            assertEquals(T0.plus(SIZE.multipliedBy(w)).toString(), n.get("window").get("start").asText());
            for (JsonNode f : n.get("features")) {
                boolean expected = w >= 2 && f.get("feature").asText().equals(SHIFTED);
                assertEquals(expected ? "drift" : "no_drift", f.get("verdict").asText(),
                        "window " + w + " feature " + f.get("feature"));
            }
        }
        for (String f : DriftTraffic.FEATURES) {
            double detected = registry.get("drift.detected").tags("model", "weather", "version", "1", "feature", f)
                    .gauge().value();
            assertEquals(f.equals(SHIFTED) ? 1.0 : 0.0, detected, f);
        }
        assertTrue(registry.get("drift.score").tags("feature", SHIFTED, "method", "ks").gauge().value() > 0.2);
        assertEquals(1000, registry.get("drift.window.events").tags("model", "weather").gauge().value());
        assertEquals(T0.plus(SIZE.multipliedBy(6)).getEpochSecond(),
                registry.get("drift.window.end").tags("model", "weather").gauge().value());

        List<WebhookReceiver.Call> calls = receiver.await(1, Duration.ofSeconds(10));
        Await.until(() -> webhooks.pending() == 0, Duration.ofSeconds(10), () -> "deliveries still pending");
        assertEquals(1, receiver.calls().size(), "cooldown: one alert for four drifted windows");
        WebhookReceiver.Call call = calls.get(0);
        assertTrue(Signature.verify(call.bodyBytes(), TestMonitors.SECRET, call.signature()), call.signature());
        JsonNode payload = json.readTree(call.body());
        assertEquals(call.eventId(), payload.get("eventId").asText());
        assertEquals("weather", payload.get("model").asText());
        assertEquals(T0.plus(SIZE.multipliedBy(4)).toString(), payload.get("window").get("end").asText(),
                "fires at the end of the second consecutive drifted window");
        assertEquals(1, payload.get("driftedFeatures").size());
        assertEquals(SHIFTED, payload.get("driftedFeatures").get(0).get("feature").asText());
        assertEquals(61, core.events().count(EventOutcome.OK), "60 window events and the one that closed them");
    }

    @Test
    void badRecords_areCountedAndSkipped_andTheStreamGoesOn() {
        RecordHeaders none = new RecordHeaders();
        predictions.pipeInput(new TestRecord<>("weather", "{not json".getBytes(StandardCharsets.UTF_8), none, T0));
        PredictionEvent good = traffic.event("weather", "1", T0, 100, null, 0);
        RecordHeaders otherType = new RecordHeaders();
        otherType.add("ce_type", "com.example.other".getBytes(StandardCharsets.UTF_8));
        predictions.pipeInput(new TestRecord<>("weather", DriftTraffic.encode(good), otherType, T0));
        send(traffic.event("nosuchmodel", "1", T0, 100, null, 0), T0);
        send(traffic.event("weather", "2", T0, 100, null, 0), T0);
        Tensor threeColumns = Tensor.ofFloats("features", new long[] {2, 3}, new float[6]);
        send(PredictionEvent.of("weather", "1", "bad-shape", T0, 0, Map.of(), List.of(threeColumns), List.of(),
                TensorLimits.DEFAULT), T0);
        window(0, 5, null);
        closeAll(1);

        assertEquals(3, core.events().count(EventOutcome.INVALID), "bad JSON, other event type, wrong shape");
        assertEquals(2, core.events().count(EventOutcome.UNKNOWN_MODEL), "unknown model, version without profile");
        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(1, records.size());
        assertTrue(new String(records.get(0).value(), StandardCharsets.UTF_8).contains("\"count\":500"));
    }

    @Test
    void binaryAndJsonBodies_inOneTopic_fillOneWindow_andADamagedBinaryBodyIsCountedAndSkipped() {
        BinaryPredictionCodec binary = new BinaryPredictionCodec();
        for (int i = 0; i < 6; i++) {
            Instant at = T0.plusMillis(i * 1000L);
            PredictionEvent e = traffic.event("weather", "1", at, 100, null, 0);
            if (i % 2 == 0) {
                send(e, at);
            } else {
                RecordHeaders h = new RecordHeaders();
                CloudEventHeaders.forPrediction(e, "/test", EventFormat.BINARY)
                        .forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
                byte[] body = binary.encode(e);
                // The third binary event is cut short: 9 bytes missing at the end of its last tensor.
                predictions.pipeInput(new TestRecord<>("weather", i == 5 ? Arrays.copyOf(body, body.length - 9) : body,
                        h, at));
            }
        }
        RecordHeaders unknownBody = new RecordHeaders();
        unknownBody.add("content-type", "application/x-protobuf".getBytes(StandardCharsets.UTF_8));
        predictions.pipeInput(new TestRecord<>("weather", new byte[] {1, 2, 3}, unknownBody, T0));
        closeAll(1);

        assertEquals(2, core.events().count(EventOutcome.INVALID), "the cut binary body, the unknown content-type");
        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(1, records.size());
        assertTrue(new String(records.get(0).value(), StandardCharsets.UTF_8).contains("\"count\":500"),
                "three JSON and two binary events of 100 rows in the window");
    }

    @Test
    void eventsForAClosedWindow_areLate() {
        window(0, 5, null);
        Instant afterGrace = T0.plus(SIZE).plusSeconds(11);
        send(traffic.event("weather", "1", afterGrace, 10, null, 0), afterGrace);
        send(traffic.event("weather", "1", T0.plusSeconds(30), 100, null, 0), T0.plusSeconds(30));
        assertEquals(1, core.events().count(EventOutcome.LATE));
        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(1, records.size());
        assertTrue(new String(records.get(0).value(), StandardCharsets.UTF_8).contains("\"count\":500"));
    }

    @Test
    void closingTheTask_removesItsModelsGauges() {
        window(0, 5, null);
        closeAll(1);
        assertFalse(registry.find("drift.detected").gauges().isEmpty());
        driver.close();
        driver = null;
        assertTrue(registry.find("drift.detected").gauges().isEmpty());
        assertTrue(registry.find("drift.score").gauges().isEmpty());
    }

    /**
     * An event of 100 rows at {@code at} with request id {@code id} ({@code shifted}: the feature shifted, or
     * null), sent with {@code traceHeaders} (name, value, ...) added to serving's headers.
     */
    private void sendTraced(Instant at, String id, String shifted, String... traceHeaders) {
        PredictionEvent e = traffic.event("weather", "1", at, 100, shifted, 1.0);
        e = new PredictionEvent(e.model(), e.version(), id, e.timestamp(), e.latencyMicros(), e.parameters(),
                e.inputs(), e.outputs());
        org.apache.kafka.common.header.Headers h = KafkaIo.headers(e);
        for (int i = 0; i < traceHeaders.length; i += 2) {
            h.add(traceHeaders[i], traceHeaders[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        predictions.pipeInput(new TestRecord<>(e.model(), DriftTraffic.encode(e), h, at));
    }

    private void sendTraced(int second, String id, String... traceHeaders) {
        sendTraced(T0.plusSeconds(second), id, null, traceHeaders);
    }

    @Test
    void theFirstTracedEventOfAWindow_isNamedInItsDriftRecord_andAnInvalidTraceparentIsIgnored() throws IOException {
        sendTraced(1, "req-untraced");
        sendTraced(2, "req-bad-trace", CloudEventHeaders.TRACEPARENT,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7");
        sendTraced(3, "req-first-traced", CloudEventHeaders.TRACEPARENT,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                CloudEventHeaders.TRACESTATE, "congo=t61rcWkgMzE");
        sendTraced(4, "req-second-traced", CloudEventHeaders.TRACEPARENT,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        sendTraced(5, "req-untraced-2");
        window(1, 3, null);
        closeAll(2);

        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(2, records.size());
        JsonNode first = json.readTree(records.get(0).value());
        assertEquals(500, first.get("window").get("count").asLong(), "the event with a bad traceparent is counted");
        JsonNode trace = first.get("trace");
        assertEquals("0af7651916cd43dd8448eb211c80319c", trace.get("traceId").asText());
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", trace.get("traceparent").asText());
        assertEquals("congo=t61rcWkgMzE", trace.get("tracestate").asText());
        assertEquals("req-first-traced", trace.get("requestId").asText());
        assertEquals(2, trace.get("tracedEvents").asLong());
        assertFalse(json.readTree(records.get(1).value()).has("trace"), "no event of window 1 was traced");
        assertEquals(1, core.events().invalidTraces(), "the traceparent without flags");
        assertEquals(5 + 3 + 1, core.events().count(EventOutcome.OK));
    }

    @Test
    void theAlertingWindowsExampleTrace_isInTheWebhookPayload() throws IOException {
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 10; i++) {
                Instant at = T0.plus(SIZE.multipliedBy(w)).plusSeconds(i);
                // Event 0 of each window untraced; event i traced in trace 0..0w 0..0i.
                String[] headers = i == 0 ? new String[0] : new String[] {CloudEventHeaders.TRACEPARENT,
                        String.format("00-%016d%016d-00f067aa0ba902b7-01", w, i)};
                sendTraced(at, "w" + w + "-e" + i, SHIFTED, headers);
            }
        }
        closeAll(2);

        List<WebhookReceiver.Call> calls = receiver.await(1, Duration.ofSeconds(10));
        JsonNode payload = json.readTree(calls.get(0).body());
        assertEquals(T0.plus(SIZE.multipliedBy(2)).toString(), payload.get("window").get("end").asText(),
                "fires at the end of the second drifted window");
        assertEquals("00000000000000010000000000000001", payload.get("trace").get("traceId").asText());
        assertEquals("w1-e1", payload.get("trace").get("requestId").asText());
        assertEquals(9, payload.get("trace").get("tracedEvents").asLong());
    }
}
