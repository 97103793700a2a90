package io.plumbline.monitor.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Range and choice checks for configuration records' compact constructors: each failure is a
 * {@link ConfigValueException} with the key, the value and an example, so every refused setting reads alike.
 */
public final class Require {
    private Require() {
    }

    public static long atLeast(String key, long value, long min, String example) {
        if (value < min) {
            throw new ConfigValueException(key, value, "must be " + min + " or more", example);
        }
        return value;
    }

    public static long between(String key, long value, long min, long max, String example) {
        if (value < min || value > max) {
            throw new ConfigValueException(key, value, "must be between " + min + " and " + max, example);
        }
        return value;
    }

    public static double between(String key, double value, double min, double max, String example) {
        if (!(value >= min && value <= max)) {
            throw new ConfigValueException(key, value, "must be between " + min + " and " + max, example);
        }
        return value;
    }

    /** A duration of zero or more. */
    public static Duration notNegative(String key, Duration value, String example) {
        if (value == null || value.isNegative()) {
            throw new ConfigValueException(key, value == null ? null : DurationText.format(value),
                    "must be a duration of 0 or more", example);
        }
        return value;
    }

    /** A duration above zero. */
    public static Duration positive(String key, Duration value, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigValueException(key, value == null ? null : DurationText.format(value),
                    "must be a duration above 0", example);
        }
        return value;
    }

    /** {@code value} (case-insensitive, trimmed) when it is one of {@code choices}; the first choice is the example. */
    public static String oneOf(String key, String value, List<String> choices) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(v)) {
            throw new ConfigValueException(key, value, "is not one of " + String.join(", ", choices), choices.get(0));
        }
        return v;
    }
}
