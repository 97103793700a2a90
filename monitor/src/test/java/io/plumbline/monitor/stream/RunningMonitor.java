package io.plumbline.monitor.stream;

import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One monitor instance (a Kafka Streams client with its own state directory) against a real broker. */
final class RunningMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningMonitor.class);
    private final KafkaStreams streams;

    RunningMonitor(String bootstrap, String applicationId, Topics topics, MonitorCore core) {
        try {
            StreamsSettings settings = new StreamsSettings(bootstrap, applicationId, "exactly_once_v2",
                    Files.createTempDirectory("monitor-state").toString(), 1, Duration.ofMillis(100),
                    Map.of("consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "500"));
            streams = new KafkaStreams(MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core),
                    settings.properties(topics, core));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // State changes in the test log, so a slow or stuck instance can be told apart from a wrong one.
        streams.setStateListener((now, before) -> LOG.info("{} {}: {} -> {}", applicationId, Integer.toHexString(
                System.identityHashCode(this)), before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{} stream thread failed", applicationId, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
    }

    RunningMonitor awaitRunning() {
        Await.until(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60),
                () -> "monitor state " + streams.state());
        return this;
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
