package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.webhook.RetryPolicy;
import java.time.Duration;

/** {@code plumbline.monitor.delivery.*}: how webhook deliveries retry (see {@link RetryPolicy}). */
@ConfigurationProperties(DeliveryConfig.PREFIX)
public record DeliveryConfig(
        @Bindable(defaultValue = "5") int maxAttempts,
        @Bindable(defaultValue = "1s") Duration initialBackoff,
        @Bindable(defaultValue = "1m") Duration maxBackoff,
        @Bindable(defaultValue = "10s") Duration timeout,
        @Bindable(defaultValue = "1000") int queueCapacity) {
    static final String PREFIX = "plumbline.monitor.delivery";

    public DeliveryConfig {
        Require.atLeast(PREFIX + ".max-attempts", maxAttempts, 1, "5");
        Require.notNegative(PREFIX + ".initial-backoff", initialBackoff, "1s");
        Require.notNegative(PREFIX + ".max-backoff", maxBackoff, "1m");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ConfigValueException(PREFIX + ".max-backoff", DurationText.format(maxBackoff),
                    "is below initial-backoff (" + DurationText.format(initialBackoff) + ")", "1m");
        }
        Require.positive(PREFIX + ".timeout", timeout, "10s");
        Require.atLeast(PREFIX + ".queue-capacity", queueCapacity, 1, "1000");
    }

    public RetryPolicy policy() {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, timeout, queueCapacity);
    }
}
