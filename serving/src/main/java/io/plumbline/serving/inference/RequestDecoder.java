package io.plumbline.serving.inference;

/**
 * Turns a protocol's request into an {@link InferenceRequest}; called after the model resolved,
 * so an unknown model is a 404 whatever the body, and decoding errors are counted per model.
 */
@FunctionalInterface
public interface RequestDecoder {
    /** @throws InferenceException naming the offending field */
    InferenceRequest decode();
}
