package io.plumbline.serving.inference;

import io.plumbline.model.LoadedModel;

/**
 * Told about each answered request after its response is complete; must not block (event sinks
 * and the embedded monitor hand the work to their own queues).
 */
public interface PredictionListener {
    void completed(LoadedModel model, InferenceRequest request, InferenceResponse response, long latencyNanos);
}
