package io.plumbline.events;

import io.plumbline.tensor.Tensor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One answered prediction, as serving publishes it and the monitor reads it.
 *
 * @param model the model name (also the Kafka record key)
 * @param version the model version that answered
 * @param requestId the request id: the client's, or the UUID serving assigned when it sent none (so that
 *     feedback can name the prediction); may be empty from other producers
 * @param timestamp when the response was completed
 * @param latencyMicros server-side time from arrival to response, in microseconds
 * @param parameters the request's parameters, passed through as plain JSON values
 * @param inputs the request's input tensors, in request order
 * @param outputs the response's output tensors
 */
public record PredictionEvent(String model, String version, String requestId, Instant timestamp, long latencyMicros,
        Map<String, Object> parameters, List<EventTensor> inputs, List<EventTensor> outputs) {

    public PredictionEvent {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(timestamp, "timestamp");
        requestId = requestId == null ? "" : requestId;
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latency must be >= 0, was " + latencyMicros);
        }
        // LinkedHashMap rather than Map.copyOf: parameter values may be JSON null, and order is kept.
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** An event for a prediction, with tensors over {@code limits} summarised. */
    public static PredictionEvent of(String model, String version, String requestId, Instant timestamp,
            long latencyNanos, Map<String, Object> parameters, List<Tensor> inputs, List<Tensor> outputs,
            TensorLimits limits) {
        return new PredictionEvent(model, version, requestId, timestamp, latencyNanos / 1_000, parameters,
                eventTensors(inputs, limits), eventTensors(outputs, limits));
    }

    private static List<EventTensor> eventTensors(List<Tensor> tensors, TensorLimits limits) {
        List<EventTensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(EventTensor.of(t, limits));
        }
        return out;
    }
}
