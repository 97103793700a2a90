package io.plumbline.serving.inference;

import io.plumbline.model.LoadedModel;

/**
 * Told about each answered request after its response is complete; must not block (event sinks
 * and the embedded monitor hand the work to their own queues).
 */
public interface PredictionListener {
    void completed(LoadedModel model, InferenceRequest request, InferenceResponse response, long latencyNanos);

    /**
     * As {@link #completed(LoadedModel, InferenceRequest, InferenceResponse, long)}, with the W3C
     * {@code traceparent} of the request's server span (null when tracing is off).
     */
    default void completed(LoadedModel model, InferenceRequest request, InferenceResponse response,
            long latencyNanos, String traceparent) {
        completed(model, request, response, latencyNanos);
    }
}
