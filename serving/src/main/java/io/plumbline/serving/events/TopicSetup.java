package io.plumbline.serving.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the predictions topic, the compacted profiles topic and the feedback topic when they are
 * absent; feedback gets the predictions' partition count, as both are keyed by model. Compaction
 * keeps the latest profile per {@code model:version} forever, so a monitor started later still
 * finds every profile without registry access.
 */
final class TopicSetup {
    private TopicSetup() {
    }

    /**
     * Returns once the three topics (four with the KServe copy) exist (created now or already there).
     *
     * @throws Exception when the cluster could not be asked, or refused for a reason other than "exists"
     */
    static void ensure(Admin admin, KafkaEventsConfig c) throws Exception {
        Optional<Short> replicas = c.replicationFactor() > 0 ? Optional.of(c.replicationFactor()) : Optional.empty();
        Optional<Integer> partitions = c.partitions() > 0 ? Optional.of(c.partitions()) : Optional.empty();
        NewTopic predictions = new NewTopic(c.topic(), partitions, replicas);
        NewTopic profiles = new NewTopic(c.profilesTopic(), Optional.empty(), replicas)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        NewTopic feedback = new NewTopic(c.feedbackTopic(), partitions, replicas);
        List<NewTopic> topics = new ArrayList<>(List.of(predictions, profiles, feedback));
        if (c.kserveTopic() != null) {
            topics.add(new NewTopic(c.kserveTopic(), partitions, replicas));
        }
        for (KafkaFuture<Void> f : admin.createTopics(topics).values().values()) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }
}
