package io.plumbline.reliability;

import io.plumbline.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Topic set-up and the one progress question the scenarios ask the broker (not the monitor). */
final class KafkaAdmin implements AutoCloseable {
    private final Admin admin;

    KafkaAdmin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(p);
    }

    /** Creates the topics the monitor reads and writes (one partition each; profiles compacted). */
    void createMonitorTopics(String predictions, String profiles, String drift) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(predictions, 1, (short) 1));
        topics.add(new NewTopic(profiles, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(drift, 1, (short) 1));
        get(() -> admin.createTopics(topics).all().get());
        List<String> names = topics.stream().map(NewTopic::name).toList();
        // Created is not yet writable: wait until every partition has a leader.
        Await.until(() -> leadersElected(names), Duration.ofSeconds(30), () -> "no leaders for " + names);
    }

    /**
     * True when consumer group {@code group} has committed, on every partition of {@code topic}, the
     * topic's end offset: it has read everything, and (under exactly-once) committed what it wrote with it.
     */
    boolean caughtUp(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed = get(() ->
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        List<TopicPartition> partitions = get(() -> admin.describeTopics(List.of(topic)).allTopicNames().get())
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(() -> admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get());
        return partitions.stream().allMatch(tp -> committed.get(tp) != null
                && committed.get(tp).offset() >= ends.get(tp).offset());
    }

    /** The offset group {@code group} has committed on partition 0 of {@code topic}; -1 when none. */
    long committed(String group, String topic) {
        OffsetAndMetadata o = get(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                .get(new TopicPartition(topic, 0));
        return o == null ? -1 : o.offset();
    }

    /**
     * Like {@link #committed}, but once no transaction that commits offsets for {@code group} is pending
     * (the broker answers only then: a killed instance's open transaction is first aborted on its timeout).
     */
    long committedStable(String group, String topic) {
        OffsetAndMetadata o = get(() -> admin.listConsumerGroupOffsets(group,
                new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata().get())
                .get(new TopicPartition(topic, 0));
        return o == null ? -1 : o.offset();
    }

    private boolean leadersElected(List<String> topics) {
        return get(() -> admin.describeTopics(topics).allTopicNames().get()).values().stream()
                .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private interface Call<T> {
        T get() throws InterruptedException, ExecutionException;
    }

    private static <T> T get(Call<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
