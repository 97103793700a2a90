package io.plumbline.bench.monitor;

import io.plumbline.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline: a plain {@link KafkaConsumer} reads every event of the predictions topic and drops it (byte
 * arrays, no decoding); events per second, first record to last.
 */
final class PlainConsumerRun {
    private PlainConsumerRun() {
    }

    /** @param run this run's number in the measurement, for a consumer group of its own */
    static double eventsPerSecond(KafkaBroker broker, int events, int run) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-" + run);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long seen = 0;
        long first = 0;
        long last = 0;
        long sink = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(BenchTopics.PREDICTIONS).stream()
                    .map(i -> new TopicPartition(BenchTopics.PREDICTIONS, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + MonitorThroughput.RUN_TIMEOUT.toNanos();
            while (seen < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("plain consumer read " + seen + " of " + events + " events");
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                for (var r : records) {
                    sink += r.value().length;
                }
                seen += records.count();
                last = System.nanoTime();
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("read nothing");
        }
        return MonitorThroughput.rate(seen, first, last);
    }
}
