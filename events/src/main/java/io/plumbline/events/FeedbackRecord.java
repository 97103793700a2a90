package io.plumbline.events;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The ground truth for one earlier prediction, as serving publishes it on {@link #TOPIC} (record key:
 * the model name, as for prediction events, so a model's feedback and predictions share a partition
 * scheme) and the monitor joins to the prediction event by {@code requestId}.
 *
 * <p>A record carries either a class label (a classifier's truth) or a numeric target (a regressor's),
 * never both. A label is named, indexed or both: serving resolves a name against the manifest's output
 * labels and sends both; a producer outside serving may send either.
 *
 * @param model the model name
 * @param version the version the prediction came from; empty when the sender did not say (the join
 *     takes the version from the prediction event)
 * @param requestId the prediction's request id ({@code id} of the V2 request and of the event)
 * @param label the class name; empty when only the index is known, or for a target
 * @param labelIndex the class index in the output's labels; -1 when not known, or for a target
 * @param target the regressor's true value; empty for a label
 * @param time when the truth was observed (or, absent that, received)
 */
public record FeedbackRecord(String model, String version, String requestId, String label, int labelIndex,
        OptionalDouble target, Instant time) {
    /** The Kafka topic of feedback records. */
    public static final String TOPIC = TopicNames.FEEDBACK;

    public FeedbackRecord {
        requireNotEmpty(model, "model");
        requireNotEmpty(requestId, "requestId");
        Objects.requireNonNull(time, "time");
        version = version == null ? "" : version;
        label = label == null ? "" : label;
        target = target == null ? OptionalDouble.empty() : target;
        if (labelIndex < -1) {
            throw new IllegalArgumentException("labelIndex must be >= 0, or -1 when unknown; was " + labelIndex);
        }
        boolean labelled = !label.isEmpty() || labelIndex >= 0;
        if (labelled == target.isPresent()) {
            throw new IllegalArgumentException("a feedback record holds a label or a target, exactly one; got "
                    + (labelled ? "both" : "neither"));
        }
        if (target.isPresent() && !Double.isFinite(target.getAsDouble())) {
            throw new IllegalArgumentException("target must be finite, was " + target.getAsDouble());
        }
    }

    /** A classifier's truth: {@code label} or {@code index} may be unknown (empty, -1), not both. */
    public static FeedbackRecord ofLabel(String model, String version, String requestId, String label, int index,
            Instant time) {
        return new FeedbackRecord(model, version, requestId, label, index, OptionalDouble.empty(), time);
    }

    /** A regressor's truth. */
    public static FeedbackRecord ofTarget(String model, String version, String requestId, double target,
            Instant time) {
        return new FeedbackRecord(model, version, requestId, "", -1, OptionalDouble.of(target), time);
    }

    /** True for a regressor's target, false for a class label. */
    public boolean hasTarget() {
        return target.isPresent();
    }

    private static void requireNotEmpty(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
