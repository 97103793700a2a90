package io.plumbline.bench.monitor;

import io.plumbline.testing.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * Kafka Streams' own floor: a topology that reads the predictions topic as byte arrays and only counts the
 * records (no decoding, no windows, no state), one stream thread, {@code at_least_once} at Streams' default
 * commit interval. What the monitor reads at is bounded by this as well as by the plain consumer: the row
 * shows how much of the gap to the consumer is the framework's (record queues, per-record metrics, punctuation
 * checks) rather than the monitor's decoding and counting. Timed as {@link MonitorRun} times the monitor.
 */
final class PassThroughRun {
    static final String READER = "Kafka Streams pass-through, at_least_once";

    private PassThroughRun() {
    }

    /** @param run this run's number in the measurement, for an application id of its own */
    static double eventsPerSecond(KafkaBroker broker, int events, int run) throws IOException, InterruptedException {
        LongAdder seen = new LongAdder();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(BenchTopics.PREDICTIONS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((key, value) -> seen.increment());
        Path state = Files.createTempDirectory("bench-passthrough-state");
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough-" + run);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return MonitorRun.timed(new KafkaStreams(builder.build(), p), seen::sum, events, state);
    }
}
