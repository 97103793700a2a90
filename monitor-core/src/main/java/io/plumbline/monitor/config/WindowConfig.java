package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.result.WindowSpec;
import java.time.Duration;

/**
 * {@code plumbline.monitor.window.*}.
 *
 * @param size tumbling window length (default 5m)
 * @param grace how long after its end a window still takes late events before it closes (default 30s;
 *     event time in the Kafka monitor; the embedded monitor cuts processing-time windows and ignores it)
 * @param minCount usable values a feature needs in a window before it gets a verdict (default 500)
 */
@ConfigurationProperties(WindowConfig.PREFIX)
public record WindowConfig(
        @Bindable(defaultValue = "5m") Duration size,
        @Bindable(defaultValue = "30s") Duration grace,
        @Bindable(defaultValue = "500") long minCount) {
    static final String PREFIX = "plumbline.monitor.window";

    public WindowConfig {
        Require.positive(PREFIX + ".size", size, "5m");
        Require.notNegative(PREFIX + ".grace", grace, "30s");
        Require.atLeast(PREFIX + ".min-count", minCount, 1, "500");
    }

    public WindowSpec spec() {
        return new WindowSpec(size, grace);
    }
}
