package io.plumbline.model;

import io.plumbline.events.profile.SegmentSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's {@code model.yaml}. Every field is optional: without inputs and outputs the signature
 * is read from the model file; with them, they must agree with it and add feature names and labels.
 *
 * @param engine {@code onnxruntime} (default) or {@code djl}
 * @param engineOptions engine-specific keys (e.g. {@code djl-engine})
 * @param device where to run
 * @param fallbackToCpu run on CPU with a warning when the GPU is unavailable
 * @param segments how the drift monitor cuts this model's traffic into segments (serving merges them into
 *     each version's reference profile when it publishes it)
 */
public record ModelManifest(
        String engine,
        Map<String, String> engineOptions,
        Device device,
        boolean fallbackToCpu,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        VersionPolicy versionPolicy,
        BatchingSettings batching,
        List<SegmentSpec> segments) {

    public static final String ONNX_RUNTIME = "onnxruntime";

    public static final ModelManifest DEFAULT = new ModelManifest(ONNX_RUNTIME, Map.of(), Device.CPU, false,
            List.of(), List.of(), VersionPolicy.DEFAULT, BatchingSettings.UNSET, List.of());

    public ModelManifest {
        engineOptions = Map.copyOf(engineOptions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        segments = SegmentSpec.checked(segments);
    }

    public ModelManifest(String engine, Map<String, String> engineOptions, Device device, boolean fallbackToCpu,
            List<TensorSpec> inputs, List<TensorSpec> outputs, VersionPolicy versionPolicy,
            BatchingSettings batching) {
        this(engine, engineOptions, device, fallbackToCpu, inputs, outputs, versionPolicy, batching, List.of());
    }

    /**
     * True when a version loaded with {@code other} is what this manifest would load: the same
     * engine, options, device, signature (labels and feature names included), batching and segments
     * (a version reloads to republish its profile with them). The
     * version policy is left out: it selects versions, it does not change how one loads, so moving
     * from {@code latest: 1} to {@code all} reloads nothing that serves.
     */
    public boolean loadsLike(ModelManifest other) {
        return other != null && Objects.equals(engine, other.engine) && engineOptions.equals(other.engineOptions)
                && Objects.equals(device, other.device) && fallbackToCpu == other.fallbackToCpu
                && inputs.equals(other.inputs) && outputs.equals(other.outputs)
                && Objects.equals(batching, other.batching) && segments.equals(other.segments);
    }
}
