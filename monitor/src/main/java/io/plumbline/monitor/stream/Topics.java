package io.plumbline.monitor.stream;

import io.plumbline.events.TopicNames;

/**
 * The monitor's topics (defaults from {@link TopicNames}, the names serving writes to).
 *
 * @param predictions prediction events, keyed by model name (so a model's windows live in one task)
 * @param profiles compacted reference profiles, key {@code model:version}, value the profile JSON
 * @param drift drift results, one record per closed window, key {@code model:version}
 * @param deadLetter where undecodable events are copied, or null to only count and skip them
 * @param feedback ground-truth feedback, keyed by model name like predictions (and with as many partitions, so
 *     a model's feedback reaches the task that holds its predictions), or null to join none
 * @param performance model quality per closed window (with feedback), or null to write none
 */
public record Topics(String predictions, String profiles, String drift, String deadLetter, String feedback,
        String performance) {
    public static final String PREDICTIONS = TopicNames.PREDICTIONS;
    public static final String PROFILES = TopicNames.PROFILES;
    public static final String DRIFT = TopicNames.DRIFT;
    public static final String FEEDBACK = TopicNames.FEEDBACK;
    public static final String PERFORMANCE = TopicNames.PERFORMANCE;

    public Topics {
        if (blank(predictions) || blank(profiles) || blank(drift)) {
            throw new IllegalArgumentException("predictions, profiles and drift topics are required");
        }
        deadLetter = blank(deadLetter) ? null : deadLetter;
        feedback = blank(feedback) ? null : feedback;
        performance = blank(performance) || feedback == null ? null : performance;
    }

    /** Topics without feedback: drift only. */
    public Topics(String predictions, String profiles, String drift, String deadLetter) {
        this(predictions, profiles, drift, deadLetter, null, null);
    }

    public static Topics defaults() {
        return new Topics(PREDICTIONS, PROFILES, DRIFT, null, FEEDBACK, PERFORMANCE);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
