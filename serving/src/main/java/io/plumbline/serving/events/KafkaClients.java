package io.plumbline.serving.events;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings of the event sink. Pass-through {@code properties} go over the defaults
 * here (so an operator can, say, pick another compression), and the typed keys go over both (so the
 * documented keys mean what they say).
 */
final class KafkaClients {
    private static final String CLIENT_ID = "plumbline-serving-events";

    private KafkaClients() {
    }

    static Map<String, Object> producer(KafkaEventsConfig c) {
        Map<String, Object> p = new HashMap<>();
        // Durable and without duplicates: a lost or doubled event would skew the monitor's counts.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // With max.block.ms 0 a send fails at once when the topic's metadata is not cached, so keep it
        // cached across quiet spells (the default forgets a topic after 5 idle minutes).
        p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, 24 * 60 * 60 * 1000);
        // Kafka 4 clients re-bootstrap when no broker answers, which forgets the topic's metadata: every
        // send then fails at once (max.block.ms 0) for the whole outage. Keeping the metadata lets events
        // wait in the bounded buffer and go out when the broker is back (measured in reliability/RESULTS.md).
        p.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        p.putAll(c.properties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) c.linger().toMillis());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, c.bufferMemory());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, c.maxBlock().toMillis());
        return p;
    }

    static Map<String, Object> admin(KafkaEventsConfig c) {
        Map<String, Object> p = new HashMap<>(c.properties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID + "-admin");
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return p;
    }
}
