package io.plumbline.serving.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.plumbline.events.TopicNames;
import io.plumbline.monitor.config.ConfigValueException;
import io.plumbline.monitor.config.Require;
import java.time.Duration;
import java.util.Map;

/**
 * {@code plumbline.events.kafka.*}: the Kafka sink. Setting {@code bootstrap-servers} selects it.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param topic prediction events (record key: model name)
 * @param profilesTopic reference profiles, compacted (record key: {@code model:version})
 * @param feedbackTopic ground-truth feedback records (record key: model name, as for predictions)
 * @param kserveTopic when set, every prediction also goes to this topic as the two CloudEvents KServe's
 *     payload logger sends (request and response, see {@code KServeLoggerEvents}), for consumers built for
 *     KServe; the monitor keeps reading the native topic
 * @param kserveNamespace the {@code ce_namespace} of those events
 * @param createTopics create the three topics at start-up when absent
 * @param partitions partitions of a created predictions topic, and of a created feedback topic (so both
 *     spread a model's records the same way); -1 = the broker's default
 * @param replicationFactor replicas of created topics; -1 = the broker's default
 * @param bufferMemory bytes of events the producer holds while the broker is slow or away; beyond it
 *     events are dropped (and counted), never waited for
 * @param linger how long the producer waits to fill a batch
 * @param maxBlock how long a send may wait for buffer space or topic metadata; 0 so that the request
 *     path never waits on Kafka
 * @param closeTimeout how long shutdown waits for pending events to be delivered
 * @param properties any other Kafka client settings (SASL, TLS, ...), passed to the producer and admin
 *     client as they are, e.g. {@code plumbline.events.kafka.properties.security.protocol: SASL_SSL}
 */
@ConfigurationProperties(KafkaEventsConfig.PREFIX)
public record KafkaEventsConfig(
        @Nullable String bootstrapServers,
        @Bindable(defaultValue = TopicNames.PREDICTIONS) String topic,
        @Bindable(defaultValue = TopicNames.PROFILES) String profilesTopic,
        @Bindable(defaultValue = TopicNames.FEEDBACK) String feedbackTopic,
        @Nullable String kserveTopic,
        @Bindable(defaultValue = "default") String kserveNamespace,
        @Bindable(defaultValue = "true") boolean createTopics,
        @Bindable(defaultValue = "-1") int partitions,
        @Bindable(defaultValue = "-1") short replicationFactor,
        @Bindable(defaultValue = "16777216") long bufferMemory,
        @Bindable(defaultValue = "5ms") Duration linger,
        @Bindable(defaultValue = "0ms") Duration maxBlock,
        @Bindable(defaultValue = "5s") Duration closeTimeout,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> properties) {

    static final String PREFIX = "plumbline.events.kafka";

    public KafkaEventsConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        kserveTopic = kserveTopic == null || kserveTopic.isBlank() ? null : kserveTopic;
        if (kserveTopic != null && (kserveTopic.equals(topic) || kserveTopic.equals(feedbackTopic)
                || kserveTopic.equals(profilesTopic))) {
            throw new ConfigValueException(PREFIX + ".kserve-topic", kserveTopic, "must differ from the predictions, "
                    + "profiles and feedback topics (the monitor reads the native events there)", "plumbline.kserve");
        }
        // At least one batch of bytes.
        Require.atLeast(PREFIX + ".buffer-memory", bufferMemory, 16 * 1024, "16777216");
        if (partitions == 0 || partitions < -1) {
            throw new ConfigValueException(PREFIX + ".partitions", partitions, "must be positive or -1 (the broker's "
                    + "default)", "6");
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new ConfigValueException(PREFIX + ".replication-factor", replicationFactor, "must be positive or -1 "
                    + "(the broker's default)", "3");
        }
        Require.notNegative(PREFIX + ".linger", linger, "5ms");
        Require.notNegative(PREFIX + ".max-block", maxBlock, "0ms");
        Require.notNegative(PREFIX + ".close-timeout", closeTimeout, "5s");
    }
}
