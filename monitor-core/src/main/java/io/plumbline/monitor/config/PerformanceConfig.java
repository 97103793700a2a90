package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.driver.PerformanceThresholds;

/**
 * {@code plumbline.monitor.performance.*}: when a closed window's realised performance crosses a threshold
 * (with at least {@code minLabelled} labelled predictions, default 100), the retraining webhooks are called
 * like for drift (same signing, retries, consecutive windows and cooldown of {@code plumbline.monitor.alert}).
 * Both thresholds are off unless set.
 *
 * @param minAccuracy a classifier's realised accuracy below this alerts (e.g. 0.7)
 * @param maxMae a regressor's realised mean absolute error above this alerts
 */
@ConfigurationProperties(PerformanceConfig.PREFIX)
public record PerformanceConfig(
        @Nullable Double minAccuracy,
        @Nullable Double maxMae,
        @Bindable(defaultValue = "100") long minLabelled) {
    static final String PREFIX = "plumbline.monitor.performance";

    public PerformanceConfig {
        if (minAccuracy != null) {
            Require.between(PREFIX + ".min-accuracy", minAccuracy, 0, 1, "0.7");
        }
        if (maxMae != null) {
            Require.between(PREFIX + ".max-mae", maxMae, 0, Double.MAX_VALUE, "2.5");
        }
        Require.atLeast(PREFIX + ".min-labelled", minLabelled, 1, "100");
    }

    public PerformanceThresholds thresholds() {
        return new PerformanceThresholds(minAccuracy, maxMae, minLabelled);
    }
}
