package io.plumbline.monitor.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, or
 * ISO-8601 ({@code PT10S}). A bare number is refused rather than guessed (seconds? milliseconds?); a
 * negative one is read, for the caller's range check to refuse with its own words. The one
 * parser of both applications' duration settings: {@link ConfigCheck} holds every bound {@code Duration}
 * to it, so a value Micronaut would silently replace with the default stops the start instead.
 */
public final class DurationText {
    private static final Pattern SIMPLE = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /** The duration, or {@link ConfigValueException} naming {@code key}, the text and {@code example}. */
    public static Duration parse(String text, String key, String example) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIMPLE.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new ConfigValueException(key, text, "is not a duration (a number and a unit: ms, s, m, h or d; "
                    + "or ISO-8601 such as PT10S)", example);
        }
    }

    /** As configuration writes it: whole seconds as {@code 90s}, anything finer in milliseconds. */
    public static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
