package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.plumbline.events.EventFormat;
import io.plumbline.testing.FreePorts;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Which sink the configuration selects, and the producer settings the Kafka sink is built with. */
class EventSinkSelectionTest {

    @Test
    void select_explicitWins_elseKafkaWhenBootstrapSet_elseEmbedded() {
        assertEquals(SinkKind.EMBEDDED, SinkKind.select(null, null));
        assertEquals(SinkKind.EMBEDDED, SinkKind.select(" ", ""));
        assertEquals(SinkKind.KAFKA, SinkKind.select(null, "k:9092"));
        assertEquals(SinkKind.NONE, SinkKind.select("none", "k:9092"));
        assertEquals(SinkKind.EMBEDDED, SinkKind.select("Embedded", "k:9092"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SinkKind.select("kinesis", null));
        assertTrue(e.getMessage().contains("plumbline.events.sink 'kinesis'"), e.getMessage());
    }

    @Test
    void defaults_giveTheEmbeddedSink() {
        try (ApplicationContext ctx = run(Map.of())) {
            assertEquals(SinkKind.EMBEDDED, ctx.getBean(EventSink.class).kind());
            EventsConfig c = ctx.getBean(EventsConfig.class);
            assertEquals(1.0, c.sampleRate());
            assertEquals(4096, c.limits().maxElements());
        }
    }

    @Test
    void bootstrapServers_giveTheKafkaSink_withTypedAndPassThroughSettings() {
        Map<String, Object> props = new HashMap<>();
        // Nothing listens there: the sink starts anyway and keeps trying in the background.
        props.put("plumbline.events.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.loopback());
        props.put("plumbline.events.kafka.create-topics", "false");
        props.put("plumbline.events.kafka.close-timeout", "1s");
        props.put("plumbline.events.kafka.properties.security.protocol", "PLAINTEXT");
        props.put("plumbline.events.kafka.properties.max.block.ms", "60000");
        try (ApplicationContext ctx = run(props)) {
            assertEquals(SinkKind.KAFKA, ctx.getBean(EventSink.class).kind());
            KafkaEventsConfig kafka = ctx.getBean(KafkaEventsConfig.class);
            assertEquals(Duration.ofSeconds(1), kafka.closeTimeout());
            Map<String, Object> producer = KafkaClients.producer(kafka);
            assertEquals("PLAINTEXT", producer.get("security.protocol"));
            assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
            assertEquals(true, producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
            assertEquals("lz4", producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
            assertEquals(5, producer.get(ProducerConfig.LINGER_MS_CONFIG));
            assertEquals(16L * 1024 * 1024, producer.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
            assertEquals(0L, producer.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), "the typed key wins: sends never wait");
        }
    }

    @Test
    void explicitNone_andMisconfigurations() {
        try (ApplicationContext ctx = run(Map.of("plumbline.events.sink", "none"))) {
            assertEquals(SinkKind.NONE, ctx.getBean(EventSink.class).kind());
        }
        assertRefused(Map.of("plumbline.events.sink", "kafka"), "bootstrap-servers is not set");
        assertRefused(Map.of("plumbline.events.sample-rate", "1.5"), "sample-rate '1.5' must be between 0.0 and 1.0");
        assertRefused(Map.of("plumbline.events.format", "protobuf"), "plumbline.events.format 'protobuf' is not one "
                + "of json, binary; for example json (PLUMBLINE_EVENTS_FORMAT=json)");
    }

    @Test
    void format_defaultsToJson_andBinaryIsTaken() {
        try (ApplicationContext ctx = run(Map.of("plumbline.events.sink", "none"))) {
            assertEquals(EventFormat.JSON, ctx.getBean(EventsConfig.class).eventFormat());
        }
        try (ApplicationContext ctx = run(Map.of("plumbline.events.sink", "none", "plumbline.events.format", "Binary"))) {
            assertEquals(EventFormat.BINARY, ctx.getBean(EventsConfig.class).eventFormat());
        }
    }

    /** Start-up (eager beans may build the sink) or the first use fails, naming the key. */
    private static void assertRefused(Map<String, Object> props, String message) {
        Exception e = assertThrows(RuntimeException.class, () -> {
            try (ApplicationContext ctx = run(props)) {
                ctx.getBean(EventSink.class);
            }
        });
        assertTrue(rootMessage(e).contains(message), rootMessage(e));
    }

    /** A context without the HTTP server; its health monitor (which needs the server's scheduler) off. */
    private static ApplicationContext run(Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("micronaut.health.monitor.enabled", "false");
        return ApplicationContext.run(all);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
