package io.plumbline.monitor.observe;

import io.plumbline.monitor.window.Violation;

/**
 * A profiled feature whose tensor the event carried but in an unusable form: {@code rows} values of
 * {@code feature} are counted as a {@code kind} violation instead of being dropped with the whole event.
 */
public record FeatureViolation(String feature, Violation kind, int rows) {
    public FeatureViolation {
        if (feature == null || feature.isEmpty() || kind == null || rows < 0) {
            throw new IllegalArgumentException("a violation needs a feature, a kind and rows >= 0");
        }
    }
}
