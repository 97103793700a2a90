package io.plumbline.serving.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code inference.requests} timer. One timer per (model, version, protocol, outcome) is
 * created on first use and cached, so the request path does no meter lookup by string.
 */
public final class InferenceMetrics {
    /** Tag value for requests that never resolved to a model; raw request paths never become tags. */
    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String model, String version, String protocol, String outcome, long nanos) {
        timers.computeIfAbsent(new Key(model, version, protocol, outcome), this::timer)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key k) {
        return Timer.builder("inference.requests")
                .description("Inference requests from arrival to response, by outcome")
                .tags("model", k.model, "version", k.version, "protocol", k.protocol, "outcome", k.outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private record Key(String model, String version, String protocol, String outcome) {
    }
}
