package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.webhook.RetryPolicy;
import java.time.Duration;

/** {@code plumbline.monitor.delivery.*}: how webhook deliveries retry (see {@link RetryPolicy}). */
@ConfigurationProperties("plumbline.monitor.delivery")
public record DeliveryConfig(
        @Bindable(defaultValue = "5") int maxAttempts,
        @Bindable(defaultValue = "1s") Duration initialBackoff,
        @Bindable(defaultValue = "1m") Duration maxBackoff,
        @Bindable(defaultValue = "10s") Duration timeout,
        @Bindable(defaultValue = "1000") int queueCapacity) {

    public RetryPolicy policy() {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, timeout, queueCapacity);
    }
}
