package io.plumbline.serving.lifecycle;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * Micronaut's {@code /health} and {@code /health/readiness} say what {@code /v2/health/ready} says,
 * so a probe pointed at either turns 503 at the same moment (Micronaut's own graceful-shutdown
 * indicator goes DOWN only when the listeners close, after the grace period: too late for a load
 * balancer), with the same reason when not ready. {@code /health/liveness} is not affected.
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
        // One read: the reason and the status must agree even when a model unloads between them.
        Optional<String> notReady = readiness.notReadyReason();
        return Publishers.just(HealthResult.builder("plumbline")
                .status(notReady.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(notReady.isEmpty() ? Map.of("state", "serving")
                        : Map.of("state", readiness.shuttingDown() ? "shutting down" : "not ready",
                                "reason", notReady.get()))
                .build());
    }
}
