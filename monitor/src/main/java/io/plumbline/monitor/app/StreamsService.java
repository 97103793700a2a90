package io.plumbline.monitor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.stream.CloudEventDecoder;
import io.plumbline.monitor.stream.MonitorTopology;
import io.plumbline.monitor.stream.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Kafka Streams client: builds the topology, binds its client metrics (lag included) to the
 * registry, starts it (in the background, once Kafka answers) with the application context and closes it
 * (committing, within a bound) at shutdown. A stream thread that dies is replaced rather than taking the
 * monitor down.
 */
@Context
@Requires(property = KafkaConfig.PREFIX + ".bootstrap-servers")
@Requires(classes = KafkaStreams.class)
public final class StreamsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    /** How long a stop waits for Kafka Streams to close (commit, leave the group) before going on without it. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final KafkaWait kafka;
    private final Thread starter;
    private final Topics topics;
    private volatile String refused;

    @Inject
    StreamsService(KafkaConfig config, MonitorCore core, MeterRegistry registry) {
        topics = config.topics();
        Topology topology = MonitorTopology.build(new StreamsBuilder(), topics, new CloudEventDecoder(), core);
        streams = new KafkaStreams(topology, config.settings().properties(config.topics(), core));
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        // start() waits for the global profile store to catch up with its topic, which takes as long as
        // Kafka takes to answer; the HTTP server (and /health saying so) must not wait for it. Nor is it
        // called before Kafka answers: against an unreachable cluster it would block holding the lock that
        // close() needs (see KafkaWait).
        kafka = new KafkaWait(config.bootstrapServers(), config.streams() == null ? Map.of() : config.streams());
        starter = new Thread(this::startOnceKafkaAnswers, "plumbline-monitor-start");
        starter.setDaemon(true);
        starter.start();
        LOG.info("drift monitor reading {} as {} from {}: {} windows, {} grace, {}", config.predictionsTopic(),
                config.applicationId(), config.bootstrapServers(), core.window().size(), core.window().grace(),
                config.processingGuarantee());
    }

    private void startOnceKafkaAnswers() {
        try {
            kafka.await();
            Optional<String> problem = FeedbackTopic.check(kafka.adminProperties(), topics.predictions(),
                    topics.feedback(), topics.performance());
            if (problem.isPresent()) {
                refused = problem.get();
                LOG.error("Not reading predictions: {}; /health stays DOWN", refused);
                return;
            }
            streams.start();
        } catch (InterruptedException e) {
            // Stopped before Kafka answered: nothing was started.
        } catch (IllegalStateException e) {
            // close() came first; start() refuses a closed client.
        } catch (RuntimeException e) {
            LOG.error("Kafka Streams did not start; /health stays DOWN", e);
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Why the monitor is not consuming while Kafka Streams has not started: Kafka unreachable, or topics that disagree. */
    public Optional<String> problem() {
        if (refused != null) {
            return Optional.of(refused);
        }
        return streams.state() == KafkaStreams.State.CREATED ? kafka.problem() : Optional.empty();
    }

    /**
     * Stops waiting for Kafka, and closes Kafka Streams within {@link #CLOSE_TIMEOUT}. The close runs on its
     * own thread: should {@code start()} still hold the client's lock (Kafka went away while it started), a
     * stop must not wait for it; the JVM exits anyway and the broker's session timeout ends the membership.
     */
    @PreDestroy
    @Override
    public void close() {
        starter.interrupt();
        Thread closer = new Thread(() -> streams.close(CLOSE_TIMEOUT), "plumbline-monitor-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_TIMEOUT.plusSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("Kafka Streams did not close within {} s; stopping without it", CLOSE_TIMEOUT.toSeconds());
        }
        metrics.close();
    }
}
