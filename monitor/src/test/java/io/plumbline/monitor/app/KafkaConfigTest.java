package io.plumbline.monitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.plumbline.testing.KafkaBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code plumbline.monitor.kafka.streams.*} reaches Kafka Streams verbatim: Kafka property names contain
 * dots, and a map bound without the flat format nests them ({@code consumer -> session -> ...}) and
 * drops them. A real broker, because the service starts Kafka Streams with the context (and a client
 * that cannot reach a broker takes minutes to close).
 */
class KafkaConfigTest {
    @Test
    void streamsPropertiesKeepTheirDottedNames() {
        try (KafkaBroker broker = KafkaBroker.launch();
                ApplicationContext ctx = ApplicationContext.run(Map.of(
                        "micronaut.server.port", "-1",
                        "plumbline.monitor.kafka.bootstrap-servers", broker.bootstrapServers(),
                        "plumbline.monitor.kafka.streams.consumer.session.timeout.ms", "6000",
                        "plumbline.monitor.kafka.streams.replication.factor", "1"))) {
            assertEquals(Map.of("consumer.session.timeout.ms", "6000", "replication.factor", "1"),
                    ctx.getBean(KafkaConfig.class).streams());
        }
    }
}
