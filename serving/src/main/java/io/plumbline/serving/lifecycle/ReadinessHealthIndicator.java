package io.plumbline.serving.lifecycle;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Micronaut's {@code /health} and {@code /health/readiness} say what {@code /v2/health/ready} says,
 * so a probe pointed at either turns 503 at the same moment (Micronaut's own graceful-shutdown
 * indicator goes DOWN only when the listeners close, after the grace period: too late for a load
 * balancer). {@code /health/liveness} is not affected.
 */
@Singleton
@io.micronaut.management.health.indicator.annotation.Readiness
final class ReadinessHealthIndicator implements HealthIndicator {
    private final Readiness readiness;

    ReadinessHealthIndicator(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        String state = readiness.shuttingDown() ? "shutting down" : readiness.ready() ? "serving" : "loading models";
        return Publishers.just(HealthResult.builder("plumbline")
                .status(readiness.ready() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("state", state))
                .build());
    }
}
