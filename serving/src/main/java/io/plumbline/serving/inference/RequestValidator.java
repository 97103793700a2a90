package io.plumbline.serving.inference;

import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request against a model signature before it reaches the engine, so a wrong name, type
 * or shape is a 400 naming the field rather than an engine error.
 */
public final class RequestValidator {
    private RequestValidator() {
    }

    /**
     * @return the inputs by name and the output names to compute, in response order
     */
    public static Validated validate(String model, ModelSignature signature, InferenceRequest request) {
        Map<String, Tensor> inputs = new HashMap<>();
        List<Tensor> given = request.inputs();
        for (int i = 0; i < given.size(); i++) {
            Tensor t = given.get(i);
            String field = "inputs[" + i + "] ('" + Quoted.of(t.name()) + "')";
            TensorSpec spec = signature.input(t.name()).orElseThrow(() -> InferenceException.invalid(field
                    + ": model '" + model + "' has no input '" + Quoted.of(t.name()) + "' (inputs: " + names(signature.inputs()) + ")"));
            if (t.type() != spec.datatype()) {
                throw InferenceException.invalid(field + ": datatype " + t.type() + " does not match the model's "
                        + spec.datatype());
            }
            if (!Shape.matches(spec.shape(), t.shape())) {
                throw InferenceException.invalid(field + ": shape " + Shape.format(t.shape())
                        + " does not match the model's " + Shape.format(spec.shape()) + " (-1 = any size)");
            }
            inputs.put(t.name(), t);
        }
        for (TensorSpec spec : signature.inputs()) {
            if (!inputs.containsKey(spec.name())) {
                throw InferenceException.invalid("missing input '" + spec.name() + "' (" + spec.datatype()
                        + Shape.format(spec.shape()) + ")");
            }
        }
        List<String> outputs = new ArrayList<>();
        Set<String> binary = new HashSet<>();
        // The binary extension's request-level switch: every output in binary unless named otherwise.
        boolean allBinary = Boolean.TRUE.equals(request.parameters().get("binary_data_output"));
        if (request.outputs().isEmpty()) {
            signature.outputs().forEach(o -> outputs.add(o.name()));
            if (allBinary) {
                binary.addAll(outputs);
            }
        } else {
            for (int i = 0; i < request.outputs().size(); i++) {
                RequestedOutput o = request.outputs().get(i);
                if (signature.output(o.name()).isEmpty()) {
                    throw InferenceException.invalid("outputs[" + i + "]: model '" + model + "' has no output '"
                            + Quoted.of(o.name()) + "' (outputs: " + names(signature.outputs()) + ")");
                }
                if (outputs.contains(o.name())) {
                    throw InferenceException.invalid("outputs[" + i + "]: output '" + Quoted.of(o.name())
                            + "' is asked for twice");
                }
                outputs.add(o.name());
                if (o.binary() || allBinary) {
                    binary.add(o.name());
                }
            }
        }
        return new Validated(inputs, outputs, binary);
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }

    /**
     * A request that passed validation.
     *
     * @param binaryOutputs outputs the client asked to receive in binary form
     */
    public record Validated(Map<String, Tensor> inputs, List<String> outputs, Set<String> binaryOutputs) {
    }
}
