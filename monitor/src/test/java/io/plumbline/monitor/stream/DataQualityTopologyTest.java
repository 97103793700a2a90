package io.plumbline.monitor.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.testing.kafka.KafkaIo;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * Data quality and roles through the real topology (TopologyTestDriver): hand-made events with NaN,
 * out-of-range values, unseen categories and misshaped or mistyped tensors give exactly the hand-counted
 * quality section in the drift record and the data gauges; drift gauges carry the feature's role.
 */
class DataQualityTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SIZE = Duration.ofMinutes(1);

    /** x: numeric input, reference min 1 and max 4; c: categorical input {a, b}; p: numeric output in [0, 1]. */
    private static final ReferenceProfile PROFILE = new ReferenceProfile(4, List.of(
            new FeatureProfile("x", FeatureRole.INPUT, 4, 0,
                    new NumericSummary(2.5, 1.29, new double[] {Math.nextDown(1.0), 2, 4}, new long[] {2, 2}), null),
            new FeatureProfile("c", FeatureRole.INPUT, 4, 0, null,
                    new CategoricalSummary(new LinkedHashMap<>(Map.of("a", 2L, "b", 2L)), 0)),
            new FeatureProfile("p", FeatureRole.OUTPUT, 4, 0,
                    new NumericSummary(0.5, 0.3, new double[] {Math.nextDown(0.0), 0.5, 1}, new long[] {2, 2}), null)));

    private final ObjectMapper json = new ObjectMapper();
    private SimpleMeterRegistry registry;
    private WebhookDispatcher webhooks;
    private MonitorCore core;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> predictions;
    private TestOutputTopic<String, byte[]> drift;

    @BeforeEach
    void start() throws IOException {
        registry = new SimpleMeterRegistry();
        webhooks = TestMonitors.dispatcher(registry, List.of());
        core = TestMonitors.core(registry, new WindowSpec(SIZE, Duration.ofSeconds(10)),
                new AlertPolicy(2, Duration.ofHours(1)), webhooks);
        Topics topics = Topics.defaults();
        StreamsSettings settings = new StreamsSettings("unused:9092", "quality-test", "at_least_once",
                Files.createTempDirectory("streams").toString(), 1, null, Map.of());
        Properties props = settings.properties(topics, core);
        driver = new TopologyTestDriver(
                MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core), props);
        driver.createInputTopic(topics.profiles(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("weather:1", DriftTraffic.profileJson(PROFILE));
        predictions = driver.createInputTopic(topics.predictions(), new StringSerializer(), new ByteArraySerializer());
        drift = driver.createOutputTopic(topics.drift(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        webhooks.close();
    }

    private static Tensor strings(String name, String... values) {
        byte[][] elements = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            elements[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return Tensor.ofStrings(name, new long[] {values.length}, elements);
    }

    private static Tensor p(int rows) {
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = 0.1f * (i + 1);
        }
        return Tensor.ofFloats("p", new long[] {rows, 1}, v);
    }

    private void send(Instant at, List<Tensor> inputs, Tensor output) {
        PredictionEvent e = PredictionEvent.of("weather", "1", "req", at, 1_000, Map.of(), inputs, List.of(output),
                TensorLimits.DEFAULT);
        predictions.pipeInput(new TestRecord<>(e.model(), DriftTraffic.encode(e), KafkaIo.headers(e), at));
    }

    @Test
    void qualityCounts_reachTheDriftRecordAndTheGauges() throws IOException {
        Instant at = T0.plusSeconds(1);
        // 1: 4 rows. x: 0.5 (below min 1), 1.5, NaN, 9 (above max 4). c: a, zz, zz, "" (missing).
        send(at, List.of(Tensor.ofFloats("x", new long[] {4}, 0.5f, 1.5f, Float.NaN, 9f),
                strings("c", "a", "zz", "zz", "")), p(4));
        // 2: 2 rows. x sent as [2, 3]: a shape violation of its 2 rows. c: y (unseen), b.
        send(at, List.of(Tensor.ofFloats("x", new long[] {2, 3}, 1, 2, 3, 1, 2, 3),
                strings("c", "y", "b")), p(2));
        // 3: 2 rows. x sent as text: "3" is a type violation, "" missing. c: a, a.
        send(at, List.of(strings("x", "3", ""), strings("c", "a", "a")), p(2));
        // 4: an input tensor no feature explains: the whole event is invalid, nothing counted.
        send(at, List.of(Tensor.ofFloats("x", new long[] {2}, 2, 2), strings("c", "a", "a"),
                Tensor.ofFloats("junk", new long[] {2, 5}, new float[10])), p(2));
        // 5: 3 rows (x's length); c carries 2 values: a shape violation of c's 3 rows.
        send(at, List.of(Tensor.ofFloats("x", new long[] {3}, 2, 3, 1), strings("c", "a", "b")), p(3));
        // 6: 1 row (c's length, c first); x sent as [1, 2]: a shape violation, not missing; no output: p missing.
        send6(at);
        // Closes window 0.
        send(T0.plus(SIZE.multipliedBy(3)), List.of(Tensor.ofFloats("x", new long[] {1}, 2),
                strings("c", "a")), p(1));

        List<TestRecord<String, byte[]>> records = drift.readRecordsToList();
        assertEquals(1, records.size());
        JsonNode record = json.readTree(records.get(0).value());
        // rows 4 + 2 + 2 + 3 + 1 = 12 (event 4 is not counted)
        assertEquals(12, record.get("window").get("count").asLong());
        Map<String, JsonNode> q = new LinkedHashMap<>();
        record.get("features").forEach(f -> q.put(f.get("feature").asText(), f.get("quality")));

        // x: usable 0.5, 1.5, 9 (event 1) + 2, 3, 1 (event 5) = 6; missing 1 (event 3); NaN 1;
        // type 1 (event 3), shape 2 (event 2) + 1 (event 6) = 3; invalid NaN 1 + type 1 + shape 3 = 5;
        // values 6 + 1 + 5 = 12. missing ratio (1 + 1) / 12; out of range 0.5 and 9: 2 / 6.
        JsonNode x = q.get("x");
        assertEquals(12, x.get("values").asLong());
        assertEquals(1, x.get("missing").asLong());
        assertEquals(1, x.get("nan").asLong());
        assertEquals(2.0 / 12, x.get("missingRatio").asDouble(), 1e-12);
        assertEquals(1, x.get("belowRange").asLong());
        assertEquals(1, x.get("aboveRange").asLong());
        assertEquals(2.0 / 6, x.get("outOfRangeRatio").asDouble(), 1e-12);
        assertEquals(1, x.get("violations").get("type").asLong());
        assertEquals(3, x.get("violations").get("shape").asLong());

        // c: usable a zz zz (1) + y b (2) + a a (3) + b (6) = 8; missing 1; unseen zz zz y = 3;
        // shape 3 (event 5); values 8 + 1 + 3 = 12.
        JsonNode c = q.get("c");
        assertEquals(12, c.get("values").asLong());
        assertEquals(1.0 / 12, c.get("missingRatio").asDouble(), 1e-12);
        assertEquals(3, c.get("unseen").asLong());
        assertEquals(3.0 / 8, c.get("unseenRatio").asDouble(), 1e-12);
        assertEquals("[{\"value\":\"zz\",\"count\":2},{\"value\":\"y\",\"count\":1}]", c.get("topUnseen").toString());
        assertEquals(0, c.get("topUnseenError").asLong());
        assertEquals(3, c.get("violations").get("shape").asLong());

        // p: 4 + 2 + 2 + 3 = 11 values, all within [0, 1], and 1 missing (event 6).
        assertEquals(0, q.get("p").get("outOfRangeRatio").asDouble());
        assertEquals(1, q.get("p").get("missing").asLong());

        assertEquals(2.0 / 12, gauge("data.missing.ratio", "x", "input"), 1e-12);
        assertEquals(2.0 / 6, gauge("data.out.of.range.ratio", "x", "input"), 1e-12);
        assertEquals(1.0 / 12, registry.get("data.violation.ratio").tags("feature", "x", "role", "input", "kind", "type")
                .gauge().value(), 1e-12);
        assertEquals(3.0 / 12, registry.get("data.violation.ratio").tags("feature", "x", "role", "input", "kind", "shape")
                .gauge().value(), 1e-12);
        assertEquals(3.0 / 8, gauge("data.unseen.ratio", "c", "input"), 1e-12);
        assertEquals(3.0 / 12, registry.get("data.violation.ratio").tags("feature", "c", "kind", "shape")
                .gauge().value(), 1e-12);
        assertEquals(0.0, gauge("data.out.of.range.ratio", "p", "output"));

        // The drift gauges name each feature's role.
        assertEquals(0.0, gauge("drift.detected", "x", "input"));
        assertEquals(0.0, gauge("drift.detected", "p", "output"));
        assertEquals(1, registry.get("drift.detected").tags("role", "output").gauges().size());

        // Events: 1, 2, 3, 5, 6 and the closing one counted; 4 invalid.
        assertEquals(6, core.events().count(EventOutcome.OK));
        assertEquals(1, core.events().count(EventOutcome.INVALID));
    }

    private void send6(Instant at) {
        PredictionEvent e = PredictionEvent.of("weather", "1", "req", at, 1_000, Map.of(),
                List.of(strings("c", "b"), Tensor.ofFloats("x", new long[] {1, 2}, 2, 3)), List.of(),
                TensorLimits.DEFAULT);
        predictions.pipeInput(new TestRecord<>(e.model(), DriftTraffic.encode(e), KafkaIo.headers(e), at));
    }

    private double gauge(String name, String feature, String role) {
        return registry.get(name).tags("model", "weather", "version", "1", "feature", feature, "role", role).gauge()
                .value();
    }
}
