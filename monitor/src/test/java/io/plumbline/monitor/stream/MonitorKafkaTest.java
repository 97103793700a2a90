package io.plumbline.monitor.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.EventFormat;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.monitor.testing.kafka.KafkaIo;
import io.plumbline.monitor.testing.TestMonitors;
import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The monitor against a real Kafka broker: scaling out (the crash test is in reliability/, see below). */
class MonitorKafkaTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static KafkaBroker broker;
    private KafkaIo kafka;
    private final ObjectMapper json = new ObjectMapper();
    private final DriftTraffic traffic = new DriftTraffic(7);
    private final ReferenceProfile profile = traffic.profile(10_000, 100);

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.launch();
    }

    /**
     * A producer per test: both failures of this class in fresh-clone CI runs were the second test's first
     * records expiring unsent in a producer the first test had used.
     */
    @BeforeEach
    void newProducer() {
        kafka = new KafkaIo(broker.bootstrapServers());
    }

    @AfterEach
    void closeProducer() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MonitorCore core(WebhookDispatcher webhooks) {
        return TestMonitors.core(new SimpleMeterRegistry(), new WindowSpec(SIZE, Duration.ZERO),
                new AlertPolicy(2, Duration.ofHours(1)), webhooks);
    }

    private static WebhookDispatcher noWebhooks() {
        return TestMonitors.dispatcher(new SimpleMeterRegistry(), List.of());
    }

    // The crash test (the monitor SIGKILLed mid-window under a steady stream, restarted, every window's
    // count exact, no result twice, one webhook per drift episode) runs the packaged monitor as a child
    // process: reliability/src/test/java/io/plumbline/reliability/MonitorKillTest.java. It used to be
    // here, but stopped the monitor with close(), a clean shutdown that commits: nothing was killed.

    /** With either event body: serving's {@code plumbline.events.format}, read by the content-type header. */
    @ParameterizedTest
    @EnumSource(EventFormat.class)
    void twoInstances_overFourPartitions_giveTheResultsOfOne(EventFormat format) throws IOException {
        List<String> models = List.of("m0", "m1", "m2", "m3");
        String s = "scale-" + format.configName();
        Topics single = new Topics(s + ".predictions", s + ".profiles", s + ".drift.single", null);
        Topics pair = new Topics(s + ".predictions", s + ".profiles", s + ".drift.pair", null);
        kafka.createTopics(single.predictions(), 4, single.profiles(), single.drift(), pair.drift());
        for (String m : models) {
            kafka.send(single.profiles(), m + ":1", DriftTraffic.profileJson(profile));
        }
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < 8; i++) {
                for (String m : models) {
                    Instant at = T0.plus(SIZE.multipliedBy(w)).plusSeconds(i);
                    String shifted = m.equals("m1") && w > 0 ? "wind" : null;
                    kafka.send(single.predictions(), traffic.event(m, "1", at, 100, shifted, 1.0), at, format);
                }
            }
        }
        for (String m : models) {
            Instant later = T0.plus(SIZE.multipliedBy(5));
            kafka.send(single.predictions(), traffic.event(m, "1", later, 1, null, 0), later, format);
        }
        kafka.sendRaw(single.predictions(), "m2", "garbage".getBytes(), T0);
        kafka.flush();
        int expected = models.size() * 3;

        Map<String, String> one;
        try (WebhookDispatcher webhooks = noWebhooks();
                RunningMonitor a = new RunningMonitor(broker.bootstrapServers(), s + "-single", single, core(webhooks))) {
            kafka.read(single.drift(), expected, TIMEOUT);
        }
        // Read to the end once the instances are closed: nothing more can arrive, so a duplicate would be there.
        one = results(kafka.read(single.drift(), expected, TIMEOUT));
        Map<String, String> two;
        try (WebhookDispatcher webhooks = noWebhooks()) {
            MonitorCore coreA = core(webhooks);
            MonitorCore coreB = core(webhooks);
            try (RunningMonitor a = new RunningMonitor(broker.bootstrapServers(), s + "-pair", pair, coreA);
                    RunningMonitor b = new RunningMonitor(broker.bootstrapServers(), s + "-pair", pair, coreB)) {
                kafka.read(pair.drift(), expected, TIMEOUT);
                assertEquals(1, coreA.events().count(EventOutcome.INVALID) + coreB.events().count(EventOutcome.INVALID),
                        "the garbage record, counted once");
                assertTrue(a.state() == KafkaStreams.State.RUNNING || a.state() == KafkaStreams.State.REBALANCING);
            }
        }
        two = results(kafka.read(pair.drift(), expected, TIMEOUT));
        assertEquals(expected, one.size());
        assertEquals(one, two);
        for (JsonNode f : json.readTree(one.get("m1:1@" + T0.plus(SIZE))).get("features")) {
            assertEquals(f.get("feature").asText().equals("wind") ? "drift" : "no_drift", f.get("verdict").asText(),
                    "m1, second window, " + f.get("feature"));
        }
    }

    /** Drift records by {@code model:version@start}; fails on a duplicate. */
    private Map<String, String> results(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String key = r.key() + "@" + json.readTree(r.value()).get("window").get("start").asText();
            String previous = out.put(key, new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(null, previous, "duplicate result for " + key);
        }
        return out;
    }

}
