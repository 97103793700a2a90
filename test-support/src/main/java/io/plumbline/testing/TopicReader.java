package io.plumbline.testing;

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

/**
 * Reads a whole topic as an outside reader would: a plain consumer (no group) with
 * {@code isolation.level=read_committed}, from the beginning of every partition to its end offset
 * (for read_committed, the last stable offset). Always to the end: a read that stops at the first
 * sight of what it waits for, or after a short extra poll, cannot see a duplicate written after it.
 *
 * <p>kafka-clients is a {@code provided} dependency of test-support: the modules that read topics
 * have it on their test class path already.
 */
public final class TopicReader {
    private static final Duration TO_THE_END = Duration.ofSeconds(30);

    private TopicReader() {
    }

    /**
     * Reads from the beginning until {@code done} holds for what was read, then on to each
     * partition's end offset as it is at that moment, and returns every record read; when
     * {@code done} does not hold within {@code timeout}, returns what was read (the caller asserts).
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    return records;
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long endDeadline = System.nanoTime() + TO_THE_END.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > endDeadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within "
                            + TO_THE_END);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Waits until at least {@code atLeast} records are in {@code topic}, then reads to the end
     * offsets: more than {@code atLeast} means extra records (duplicates).
     *
     * @throws AssertionError when fewer arrive within {@code timeout}
     */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int atLeast,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = readUntil(bootstrap, topic, r -> r.size() >= atLeast, timeout);
        if (records.size() < atLeast) {
            throw new AssertionError("expected " + atLeast + " records on " + topic + " within " + timeout + ", got "
                    + records.size());
        }
        return records;
    }

    /**
     * Hands every record now in the topic to {@code each}, from the beginning to each partition's
     * current end offset, keeping none: for topics too large to hold in memory.
     */
    public static void scan(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        long deadline = System.nanoTime() + TO_THE_END.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long idle = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    idle = System.nanoTime();
                } else if (System.nanoTime() - idle > TO_THE_END.toNanos()) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                records.forEach(each);
            }
        }
    }

    /** Everything in the topic now: reads until each partition's position reaches its current end. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        return readUntil(bootstrap, topic, records -> true, TO_THE_END);
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
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
