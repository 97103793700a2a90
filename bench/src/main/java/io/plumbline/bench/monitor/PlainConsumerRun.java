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
 * arrays, no decoding). The topic is read again from the beginning until the passes together took at least
 * {@link #MIN_READ}: one pass over tens of thousands of events takes a few dozen milliseconds, a couple of
 * fetch round trips, and its rate swung 30-fold between runs. Each pass is timed from its first batch's arrival
 * to its last's, counting the events after its first batch; the waits between passes are left out
 * ({@link PassClock} says why).
 */
final class PlainConsumerRun {
    static final Duration MIN_READ = Duration.ofSeconds(1);
    /** The consumer's {@code fetch.max.wait.ms}: how long a fetch at the end of a pass waits for new data. */
    static final int END_OF_PASS_WAIT_MS = 10;

    private PlainConsumerRun() {
    }

    /** @param run this run's number in the measurement, for a consumer group of its own */
    static double eventsPerSecond(KafkaBroker broker, int events, int run) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-" + run);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Inside a pass every fetch finds data and returns at once, so this changes no timed figure; at a pass's
        // end the fetch then waits 10 ms instead of 500 for data that never comes, and the seek back to the
        // beginning is served sooner. By hand (2026-12-04, JSON body, at-least-once only, two pairs of runs): the
        // whole MonitorThroughput run took 37.5-40.4 s instead of 51.1-54.5, its ratios 0.11 and 0.50-0.51 either way.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, END_OF_PASS_WAIT_MS);
        PassClock clock = new PassClock();
        long sink = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(BenchTopics.PREDICTIONS).stream()
                    .map(i -> new TopicPartition(BenchTopics.PREDICTIONS, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + MonitorThroughput.RUN_TIMEOUT.toNanos();
            long pass = 0;
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("plain consumer read " + pass + " of " + events + " events");
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                for (var r : records) {
                    sink += r.value().length;
                }
                clock.batch(now, records.count());
                pass += records.count();
                if (pass >= events) {
                    clock.endPass();
                    if (clock.activeNanos() >= MIN_READ.toNanos()) {
                        break;
                    }
                    c.seekToBeginning(tps);
                    pass = 0;
                }
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("read nothing");
        }
        return clock.eventsPerSecond();
    }
}
