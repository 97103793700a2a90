package io.plumbline.monitor.feedback;

import io.plumbline.events.FeedbackRecord;
import java.util.List;

/**
 * A prediction and its ground truth.
 *
 * @param model the model
 * @param version the version that made the prediction (from the prediction, whatever the feedback said)
 * @param predictedAt the prediction's event time, epoch ms
 * @param outputs the prediction's numeric outputs, in the reference profile's order of its output features
 *     (a classifier's class probabilities, a regressor's value)
 * @param predictedLabel the prediction's first categorical output (a class name), or empty
 * @param truth the feedback record
 * @param segments the prediction's segment labels (also scored in their windows); empty without segments
 * @param matchedAt when the pair was made, epoch ms (the later arrival's time): the window it is scored in
 */
public record Match(String model, String version, long predictedAt, double[] outputs, String predictedLabel,
        List<String> segments, FeedbackRecord truth, long matchedAt) {
    public Match {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }
}
