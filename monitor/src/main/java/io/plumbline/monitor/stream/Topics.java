package io.plumbline.monitor.stream;

import io.plumbline.events.TopicNames;

/**
 * The monitor's topics (defaults from {@link TopicNames}, the names serving writes to).
 *
 * @param predictions prediction events, keyed by model name (so a model's windows live in one task)
 * @param profiles compacted reference profiles, key {@code model:version}, value the profile JSON
 * @param drift drift results, one record per closed window, key {@code model:version}
 * @param deadLetter where undecodable events are copied, or null to only count and skip them
 */
public record Topics(String predictions, String profiles, String drift, String deadLetter) {
    public static final String PREDICTIONS = TopicNames.PREDICTIONS;
    public static final String PROFILES = TopicNames.PROFILES;
    public static final String DRIFT = TopicNames.DRIFT;

    public Topics {
        if (blank(predictions) || blank(profiles) || blank(drift)) {
            throw new IllegalArgumentException("predictions, profiles and drift topics are required");
        }
        deadLetter = blank(deadLetter) ? null : deadLetter;
    }

    public static Topics defaults() {
        return new Topics(PREDICTIONS, PROFILES, DRIFT, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
