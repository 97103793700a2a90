package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.config.Require;
import java.time.Duration;

/**
 * {@code plumbline.shutdown.*}: what happens between SIGTERM and exit (see serving/SHUTDOWN.md).
 *
 * @param gracePeriod how long readiness reports 503 while requests are still accepted and served,
 *     so that load balancers and probes stop sending traffic before the listeners close; 0 closes
 *     them at once
 * @param drainTimeout how long the listeners, once closed, wait for in-flight HTTP requests and gRPC
 *     calls to finish, and then the embedded monitor for queued prediction events; work still open
 *     then is cut and the process exits 1 instead of 0. Kafka events have their own bound,
 *     {@code plumbline.events.kafka.close-timeout}
 */
@Context // bound at start-up, so a bad value stops the start, not the shutdown
@ConfigurationProperties(ShutdownConfig.PREFIX)
public record ShutdownConfig(
        @Bindable(defaultValue = "5s") Duration gracePeriod,
        @Bindable(defaultValue = "15s") Duration drainTimeout) {
    public static final String PREFIX = "plumbline.shutdown";

    public ShutdownConfig {
        Require.notNegative(PREFIX + ".grace-period", gracePeriod, "5s");
        Require.notNegative(PREFIX + ".drain-timeout", drainTimeout, "15s");
    }
}
