package io.plumbline.serving.inference;

import io.plumbline.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A decoded V2 inference request, protocol-independent.
 *
 * @param id the client's request id, echoed in the response; empty when the client sent none, until
 *     {@link InferenceService} assigns one
 * @param parameters request parameters, passed through to the prediction event
 * @param inputs input tensors in request order
 * @param outputs the outputs asked for; empty means all
 */
public record InferenceRequest(String id, Map<String, Object> parameters, List<Tensor> inputs,
        List<RequestedOutput> outputs) {
    public InferenceRequest {
        id = id == null ? "" : id;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The same request under another id. */
    public InferenceRequest withId(String newId) {
        return new InferenceRequest(newId, parameters, inputs, outputs);
    }
}
