package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.alert.AlertPolicy;
import java.time.Duration;

/**
 * {@code plumbline.monitor.alert.*}: drift must hold for {@code consecutiveWindows} windows in a row
 * (default 2), and a (model, feature) alerts at most once per {@code cooldown} (default 1h).
 */
@ConfigurationProperties(AlertConfig.PREFIX)
public record AlertConfig(
        @Bindable(defaultValue = "2") int consecutiveWindows,
        @Bindable(defaultValue = "1h") Duration cooldown) {
    static final String PREFIX = "plumbline.monitor.alert";

    public AlertConfig {
        Require.atLeast(PREFIX + ".consecutive-windows", consecutiveWindows, 1, "2");
        Require.notNegative(PREFIX + ".cooldown", cooldown, "1h");
    }

    public AlertPolicy policy() {
        return new AlertPolicy(consecutiveWindows, cooldown);
    }
}
