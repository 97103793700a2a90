package io.plumbline.monitor.window;

import java.util.Locale;

/**
 * Why values of a known feature could not be used although the event carried them: the {@code kind} of
 * a data-quality violation. Each violating value is also counted in {@link FeatureWindow#invalid()}.
 */
public enum Violation {
    /** The tensor's datatype does not fit the feature: text (BYTES) for a numeric feature. */
    TYPE,
    /**
     * The tensor named like the feature has the wrong shape: not {@code [rows]} or {@code [rows, 1]}, or
     * another row count than the event's other tensors. Every row of the event counts once.
     */
    SHAPE;

    /** The {@code kind} tag and JSON name: {@code type} or {@code shape}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
