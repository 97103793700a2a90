package io.plumbline.monitor.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health} follows Kafka Streams: UP while running; UNKNOWN while starting or rebalancing (routine,
 * but also what an instance that cannot reach Kafka reports, so it must not read as UP; HTTP stays 200 so
 * a rebalance does not get the instance restarted); DOWN (HTTP 503) once it has stopped or failed.
 */
@Singleton
@Requires(beans = StreamsService.class)
final class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final StreamsService streams;

    StreamsHealthIndicator(StreamsService streams) {
        this.streams = streams;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = streams.state();
        healthStatus = switch (state) {
            case RUNNING -> HealthStatus.UP;
            case CREATED, REBALANCING -> HealthStatus.UNKNOWN;
            default -> HealthStatus.DOWN;
        };
        return Map.of("state", state.name());
    }

    @Override
    protected String getName() {
        return "kafkaStreams";
    }
}
