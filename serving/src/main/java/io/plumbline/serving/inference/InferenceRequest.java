package io.plumbline.serving.inference;

import io.plumbline.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A decoded V2 inference request, protocol-independent.
 *
 * @param id the client's request id, echoed in the response (may be empty)
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
}
