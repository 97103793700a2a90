package io.plumbline.monitor.alert;

import java.time.Duration;

/**
 * @param consecutive windows in a row that must show drift before an alert (default 2)
 * @param cooldown minimum time between two alerts for the same model and feature (default 1 h)
 */
public record AlertPolicy(int consecutive, Duration cooldown) {
    public AlertPolicy {
        if (consecutive < 1) {
            throw new IllegalArgumentException("consecutive must be >= 1, was " + consecutive);
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, was " + cooldown);
        }
    }

    public static AlertPolicy defaults() {
        return new AlertPolicy(2, Duration.ofHours(1));
    }
}
