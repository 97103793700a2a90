package io.plumbline.monitor.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic as an outside reader would: a plain consumer (no group), committed records only,
 * from the beginning of every partition to its end offset. Counting what the topic holds, rather
 * than polling a while after the expected records arrived, is what lets a duplicate be seen: a
 * short extra poll returns nothing when the duplicate's fetch is slower than the poll.
 */
public final class TopicReader {
    private TopicReader() {
    }

    /**
     * Waits until at least {@code atLeast} committed records are in {@code topic}, then reads every
     * partition to its end offset (the last stable offset, for a read_committed consumer) as it is
     * then, and returns all records read: more than {@code atLeast} means extra records (duplicates).
     *
     * @throws AssertionError when fewer arrive within {@code timeout}, or the end is not reached
     */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int atLeast,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(c, topic, deadline);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (out.size() < atLeast) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + atLeast + " records on " + topic + " within " + timeout
                            + ", got " + out.size());
                }
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within "
                            + timeout);
                }
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic, long deadline) {
        while (true) {
            List<PartitionInfo> info = c.partitionsFor(topic, Duration.ofSeconds(5));
            if (info != null && !info.isEmpty()) {
                return info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " does not exist");
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
