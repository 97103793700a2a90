package io.plumbline.monitor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.plumbline.monitor.result.MonitorCore;
import io.plumbline.monitor.stream.CloudEventDecoder;
import io.plumbline.monitor.stream.MonitorTopology;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Kafka Streams client: builds the topology, binds its client metrics (lag included) to the
 * registry, starts it (in the background) with the application context and closes it (committing) at
 * shutdown. A stream
 * thread that dies is replaced rather than taking the monitor down.
 */
@Context
@Requires(property = KafkaConfig.PREFIX + ".bootstrap-servers")
@Requires(classes = KafkaStreams.class)
public final class StreamsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;

    @Inject
    StreamsService(KafkaConfig config, MonitorCore core, MeterRegistry registry) {
        Topology topology = MonitorTopology.build(new StreamsBuilder(), config.topics(), new CloudEventDecoder(), core);
        streams = new KafkaStreams(topology, config.settings().properties(config.topics(), core.events()));
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        // start() waits for the global profile store to catch up with its topic, which takes as long as
        // Kafka takes to answer; the HTTP server (and /health saying so) must not wait for it.
        Thread starter = new Thread(() -> {
            try {
                streams.start();
            } catch (RuntimeException e) {
                LOG.error("Kafka Streams did not start; /health stays non-UP", e);
            }
        }, "plumbline-monitor-start");
        starter.setDaemon(true);
        starter.start();
        LOG.info("drift monitor reading {} as {} from {}: {} windows, {} grace, {}", config.predictionsTopic(),
                config.applicationId(), config.bootstrapServers(), core.window().size(), core.window().grace(),
                config.processingGuarantee());
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @PreDestroy
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        metrics.close();
    }
}
