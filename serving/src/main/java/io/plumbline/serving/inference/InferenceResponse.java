package io.plumbline.serving.inference;

import io.plumbline.tensor.Tensor;
import java.util.List;

/**
 * The answer to one request.
 *
 * @param binaryOutputs names of outputs to send in the binary extension (REST only)
 */
public record InferenceResponse(String model, String version, String id, List<Tensor> outputs,
        List<String> binaryOutputs) {
}
