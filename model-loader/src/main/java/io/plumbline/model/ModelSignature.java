package io.plumbline.model;

import java.util.List;
import java.util.Optional;

/** The inputs and outputs a model version takes and gives, in the model's own order. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return find(inputs, name);
    }

    public Optional<TensorSpec> output(String name) {
        return find(outputs, name);
    }

    /** A loop, not a stream: it runs for every input of every request, over a handful of specs. */
    private static Optional<TensorSpec> find(List<TensorSpec> specs, String name) {
        for (TensorSpec t : specs) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
