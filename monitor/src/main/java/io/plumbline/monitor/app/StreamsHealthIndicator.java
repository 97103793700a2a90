package io.plumbline.monitor.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health} follows Kafka Streams: UP while running; UNKNOWN while starting or rebalancing (routine:
 * HTTP stays 200 so a rebalance does not get the instance restarted); DOWN (HTTP 503) with a {@code reason}
 * while Kafka cannot be reached at start ({@code "cannot reach Kafka at host:9092 (...)"}) and once Kafka
 * Streams has stopped or failed.
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
        Optional<String> problem = streams.problem();
        healthStatus = problem.isPresent() ? HealthStatus.DOWN : switch (state) {
            case RUNNING -> HealthStatus.UP;
            case CREATED, REBALANCING -> HealthStatus.UNKNOWN;
            default -> HealthStatus.DOWN;
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name());
        problem.or(() -> healthStatus == HealthStatus.DOWN ? Optional.of("Kafka Streams has stopped")
                : Optional.empty()).ifPresent(reason -> details.put("reason", reason));
        return details;
    }

    @Override
    protected String getName() {
        return "kafkaStreams";
    }
}
