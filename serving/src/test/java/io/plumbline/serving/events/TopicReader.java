package io.plumbline.serving.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning with a plain consumer (no group), as an outside reader would. */
final class TopicReader {
    private TopicReader() {
    }

    /**
     * Reads from the beginning of every partition until {@code done} holds for what was read, or the
     * timeout passes; returns what was read either way (the caller asserts).
     */
    static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Everything in the topic now: reads until each partition's position reaches its current end. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
        while (true) {
            List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (info != null && !info.isEmpty()) {
                return info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " does not exist");
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
