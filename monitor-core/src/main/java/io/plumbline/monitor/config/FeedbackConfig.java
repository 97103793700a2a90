package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.feedback.MemoryJoinStore;
import java.time.Duration;

/**
 * {@code plumbline.monitor.feedback.*}: ground truth is joined to a prediction when it arrives within
 * {@code joinWindow} of it (default 7d), whichever comes first; the monitor embedded in serving keeps at
 * most {@code embeddedCapacity} predictions and waiting records in memory for that (default 1,000,000,
 * about 200 MB at five outputs; the soonest to expire make room).
 */
@ConfigurationProperties(FeedbackConfig.PREFIX)
public record FeedbackConfig(
        @Bindable(defaultValue = "7d") Duration joinWindow,
        @Bindable(defaultValue = "1000000") int embeddedCapacity) {
    static final String PREFIX = "plumbline.monitor.feedback";

    public FeedbackConfig {
        Require.positive(PREFIX + ".join-window", joinWindow, "7d");
        Require.between(PREFIX + ".embedded-capacity", embeddedCapacity, 1, MemoryJoinStore.MAX_CAPACITY, "1000000");
    }
}
