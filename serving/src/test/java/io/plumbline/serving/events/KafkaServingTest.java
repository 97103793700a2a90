package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import io.plumbline.testing.Await;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.serving.http.V2Client;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.KafkaBroker;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the Kafka event tests share: their own broker, started before the server and stopped after it,
 * a server with the events repository and the Kafka sink pointed at that broker, and a client that
 * is handed over once the models are loaded and the sink has its topics' metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaServingTest implements TestPropertyProvider {
    static final String TOPIC = "plumbline.predictions";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EmbeddedServer server;

    @Inject
    EventSink sink;

    KafkaBroker kafka;
    V2Client client;
    int grpcPort;

    private final PredictionEventCodec json = new PredictionEventCodec();
    private final BinaryPredictionCodec binary = new BinaryPredictionCodec();

    /** Keys the test adds to, or overrides in, the shared server properties. */
    abstract Map<String, String> moreProperties();

    /** The body serving writes ({@code plumbline.events.format}); a subclass runs the same tests with the other. */
    EventFormat format() {
        return EventFormat.JSON;
    }

    /**
     * The record's body read by its {@code content-type} with the strict decoder; the topic must hold
     * only the format this class configured.
     */
    PredictionEvent decode(ConsumerRecord<String, byte[]> r) {
        Header type = r.headers().lastHeader(CloudEventHeaders.CONTENT_TYPE);
        EventFormat f = EventFormat.ofContentType(type == null ? null : new String(type.value(), StandardCharsets.UTF_8));
        assertEquals(format(), f, "content-type of the record at offset " + r.offset());
        return f == EventFormat.JSON ? json.decode(r.value()) : binary.decode(r.value());
    }

    @Override
    public final Map<String, String> getProperties() {
        kafka = KafkaBroker.launch();
        Map<String, String> p = new HashMap<>();
        p.put("plumbline.registry.uri", EventsRepository.create().toString());
        p.put("plumbline.registry.poll-interval", "explicit");
        p.put("micronaut.server.port", "-1");
        grpcPort = FreePorts.loopback();
        p.put("grpc.server.port", Integer.toString(grpcPort));
        p.put("plumbline.events.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plumbline.events.kafka.close-timeout", "1s");
        p.put("plumbline.events.format", format().configName());
        p.putAll(moreProperties());
        return p;
    }

    @BeforeAll
    void connect() {
        client = new V2Client(server.getURI());
        client.awaitReady();
        Await.until(((KafkaEventSink) sink)::ready, WAIT, () -> "the Kafka sink never connected");
    }

    @AfterAll
    void stopBroker() {
        // The sink first, so it does not spend its close timeout on a broker that is gone.
        sink.close();
        kafka.close();
    }
}
