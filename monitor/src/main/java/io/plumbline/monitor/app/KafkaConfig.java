package io.plumbline.monitor.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.plumbline.monitor.config.Require;
import io.plumbline.monitor.stream.StreamsSettings;
import io.plumbline.monitor.stream.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code plumbline.monitor.kafka.*}: where the monitor reads and writes.
 *
 * @param bootstrapServers Kafka brokers (the monitor app defaults to localhost:9092)
 * @param applicationId Kafka Streams application id; instances with the same id share the partitions
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param stateDir local state directory (default: Kafka Streams' own, under java.io.tmpdir)
 * @param threads stream threads per instance
 * @param commitInterval commit interval (default: Kafka's, 100 ms under exactly-once)
 * @param predictionsTopic prediction events
 * @param profilesTopic compacted reference profiles
 * @param driftTopic drift results
 * @param deadLetterTopic undecodable events are copied here when set
 * @param feedbackTopic ground-truth feedback joined to predictions; created at start (with the predictions
 *     topic's partitions) when missing; empty to join none
 * @param performanceTopic model quality per closed window; created at start when missing (with feedback only)
 * @param streams any other Kafka Streams/client property, e.g. {@code streams.replication.factor: 3}; flat, so a
 *     dotted Kafka name stays one key (nested, {@code consumer.session.timeout.ms} was lost)
 */
@ConfigurationProperties(KafkaConfig.PREFIX)
public record KafkaConfig(
        String bootstrapServers,
        @Bindable(defaultValue = "plumbline-monitor") String applicationId,
        @Bindable(defaultValue = "exactly_once_v2") String processingGuarantee,
        @Nullable String stateDir,
        @Bindable(defaultValue = "1") int threads,
        @Nullable Duration commitInterval,
        @Bindable(defaultValue = Topics.PREDICTIONS) String predictionsTopic,
        @Bindable(defaultValue = Topics.PROFILES) String profilesTopic,
        @Bindable(defaultValue = Topics.DRIFT) String driftTopic,
        @Nullable String deadLetterTopic,
        @Bindable(defaultValue = Topics.FEEDBACK) String feedbackTopic,
        @Bindable(defaultValue = Topics.PERFORMANCE) String performanceTopic,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> streams) {
    public static final String PREFIX = "plumbline.monitor.kafka";

    public KafkaConfig {
        processingGuarantee = Require.oneOf(PREFIX + ".processing-guarantee", processingGuarantee,
                List.of("exactly_once_v2", "at_least_once"));
        Require.atLeast(PREFIX + ".threads", threads, 1, "1");
        if (commitInterval != null) {
            Require.notNegative(PREFIX + ".commit-interval", commitInterval, "100ms");
        }
    }

    public Topics topics() {
        return new Topics(predictionsTopic, profilesTopic, driftTopic, deadLetterTopic, feedbackTopic,
                performanceTopic);
    }

    public StreamsSettings settings() {
        return new StreamsSettings(bootstrapServers, applicationId, processingGuarantee, stateDir, threads,
                commitInterval, streams);
    }
}
