package io.plumbline.model;

import java.util.List;
import java.util.Map;

/**
 * A model's {@code model.yaml}. Every field is optional: without inputs and outputs the signature
 * is read from the model file; with them, they must agree with it and add feature names and labels.
 *
 * @param engine {@code onnxruntime} (default) or {@code djl}
 * @param engineOptions engine-specific keys (e.g. {@code djl-engine})
 * @param device where to run
 * @param fallbackToCpu run on CPU with a warning when the GPU is unavailable
 */
public record ModelManifest(
        String engine,
        Map<String, String> engineOptions,
        Device device,
        boolean fallbackToCpu,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        VersionPolicy versionPolicy,
        BatchingSettings batching) {

    public static final String ONNX_RUNTIME = "onnxruntime";

    public static final ModelManifest DEFAULT = new ModelManifest(ONNX_RUNTIME, Map.of(), Device.CPU, false,
            List.of(), List.of(), VersionPolicy.DEFAULT, BatchingSettings.UNSET);

    public ModelManifest {
        engineOptions = Map.copyOf(engineOptions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
