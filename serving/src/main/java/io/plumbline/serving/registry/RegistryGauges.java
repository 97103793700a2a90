package io.plumbline.serving.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.model.RegistryHealth;

/**
 * The model repository's poll health as gauges: when a poll last listed the repository (epoch
 * seconds, 0 before the first) and how many polls have failed since. An alert on the first
 * catches a registry that has been unreachable for minutes even while everything loaded keeps
 * serving, which is exactly when nobody would otherwise notice.
 */
final class RegistryGauges {
    private RegistryGauges() {
    }

    static void register(MeterRegistry registry, RegistryHealth health) {
        Gauge.builder("registry.poll.last.success", health, h -> {
            RegistryHealth.State s = h.state();
            return s.lastSuccess() == null ? 0 : s.lastSuccess().toEpochMilli() / 1000.0;
        }).description("When a poll last listed the model repository (epoch seconds; 0: never)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("registry.poll.consecutive.failures", health, h -> h.state().consecutiveFailures())
                .description("Polls of the model repository failed since the last success")
                .register(registry);
    }
}
