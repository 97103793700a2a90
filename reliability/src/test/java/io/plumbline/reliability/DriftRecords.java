package io.plumbline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a drift topic as a downstream consumer would: {@code isolation.level=read_committed}, from the
 * beginning to the end offsets taken when reading starts (for read_committed, the last stable offset),
 * so everything committed by then is read and nothing stops early at a first match.
 */
final class DriftRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One window result as {@code plumbline.drift} carries it. */
    record Result(String key, Instant start, long count, boolean drift, List<String> driftedFeatures) {
    }

    private DriftRecords() {
    }

    static List<Result> readAll(String bootstrap, String topic) {
        return read(bootstrap, topic).stream().map(DriftRecords::parse).toList();
    }

    /** Every record's value as JSON, in the order read (one partition: the order written). */
    static List<JsonNode> readJson(String bootstrap, String topic) {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read(bootstrap, topic)) {
            try {
                out.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(r.value()), e);
            }
        }
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + ends + " in " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static Result parse(ConsumerRecord<String, byte[]> r) {
        try {
            JsonNode n = JSON.readTree(r.value());
            List<String> drifted = new ArrayList<>();
            n.path("features").forEach(f -> {
                if ("drift".equals(f.path("verdict").asText())) {
                    drifted.add(f.path("feature").asText());
                }
            });
            return new Result(r.key(), Instant.parse(n.path("window").path("start").asText()),
                    n.path("window").path("count").asLong(), n.path("drift").asBoolean(), drifted);
        } catch (IOException e) {
            throw new UncheckedIOException("not a drift record: " + new String(r.value()), e);
        }
    }
}
