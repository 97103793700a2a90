package io.plumbline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The fixture runs a real broker that keeps its data across a restart and cleans up after itself. */
class KafkaBrokerTest {
    private static final String TOPIC = "fixture-check";

    @Test
    void producesConsumesSurvivesRestartAndCleansUp() throws Exception {
        Path dir;
        try (KafkaBroker kafka = KafkaBroker.launch()) {
            dir = kafka.directory();
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
            produce(kafka, "k1", "before restart");
            assertEquals(List.of("k1=before restart"), consumeAll(kafka, 1));

            kafka.stop();
            assertFalse(kafka.running());
            assertFalse(BrokerProbe.answers(kafka.port()), "a stopped broker must not answer");
            kafka.start();
            assertTrue(kafka.running());

            // The record written before the restart is still there, and the broker takes new ones.
            produce(kafka, "k2", "after restart");
            assertEquals(List.of("k1=before restart", "k2=after restart"), consumeAll(kafka, 2));
        }
        assertFalse(Files.exists(dir), "close() deletes the broker's data");
    }

    @Test
    void freePorts_areDistinct() {
        int[] ports = FreePorts.loopback(3);
        assertEquals(3, java.util.Arrays.stream(ports).distinct().count());
    }

    private static void produce(KafkaBroker kafka, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    /** Reads the topic from the start until {@code expected} records arrived (or a minute passed). */
    private static List<String> consumeAll(KafkaBroker kafka, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
        }
        return seen;
    }
}
