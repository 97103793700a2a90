package io.plumbline.monitor.stream;

import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.metrics.EventCounters;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.LogAndSkipOnInvalidTimestamp;

/**
 * Kafka Streams properties of the monitor.
 *
 * @param bootstrapServers Kafka brokers
 * @param applicationId consumer group and prefix of internal topics; instances sharing it share the work
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param stateDir local state directory (changelog restores land here)
 * @param threads stream threads per instance
 * @param commitInterval how often offsets and store changes are committed; also bounds how stale the
 *     drift results can be behind the input
 * @param extra any other Kafka Streams or client property, passed through verbatim
 */
public record StreamsSettings(String bootstrapServers, String applicationId, String processingGuarantee, String stateDir,
        int threads, Duration commitInterval, Map<String, String> extra) {
    public StreamsSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank() || applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers and application id are required");
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The Streams properties of the monitor: its counters count the records that do not decode. */
    public Properties properties(Topics topics, MonitorCore core) {
        Properties p = properties(topics, core.events());
        if (topics.feedback() != null) { // a monitor without the feedback topic reads no feedback
            p.put(CountingDeserializationHandler.FEEDBACK_COUNTERS, core.feedback());
            p.put(CountingDeserializationHandler.FEEDBACK_TOPIC, topics.feedback());
        }
        return p;
    }

    /** As {@link #properties(Topics, MonitorCore)}, counting every undecodable record in {@code counters}. */
    public Properties properties(Topics topics, EventCounters counters) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        if (stateDir != null && !stateDir.isBlank()) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        }
        if (commitInterval != null) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        }
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CountingDeserializationHandler.class);
        p.put(CountingDeserializationHandler.COUNTERS, counters);
        if (topics.deadLetter() != null) {
            p.put(CountingDeserializationHandler.DEAD_LETTER_TOPIC, topics.deadLetter());
        }
        // A record with a negative timestamp is skipped (and logged by Kafka) rather than stopping the app.
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, LogAndSkipOnInvalidTimestamp.class);
        // Lets the global (profiles) thread use the processing exception handler too; Kafka warns otherwise.
        p.put("processing.exception.handler.global.enabled", true);
        p.putAll(extra);
        return p;
    }
}
