package io.plumbline.events;

/**
 * The default Kafka topic names, the contract between serving (which writes predictions, profiles and
 * feedback) and the monitor service (which reads them and writes drift and performance). Each is
 * configurable on both sides; these are the names both start from, so a default set-up agrees.
 */
public final class TopicNames {
    /** Prediction events ({@link PredictionEventCodec}), keyed by model name. */
    public static final String PREDICTIONS = "plumbline.predictions";
    /** Reference profiles (compacted), key {@code model:version}, value the profile JSON. */
    public static final String PROFILES = "plumbline.profiles";
    /** Drift results, one record per closed window, key {@code model:version}. */
    public static final String DRIFT = "plumbline.drift";
    /** Ground-truth feedback ({@link FeedbackRecordCodec}), keyed by model name like predictions. */
    public static final String FEEDBACK = "plumbline.feedback";
    /** Model quality, one record per closed window with predictions or labels, key {@code model:version}. */
    public static final String PERFORMANCE = "plumbline.performance";

    private TopicNames() {
    }
}
