package io.plumbline.model.engine;

import io.plumbline.model.ModelSignature;
import io.plumbline.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A loaded model version that runs batches. Implementations are thread-safe for {@link #run};
 * {@link #close} is called once, after the last run has returned.
 */
public interface Engine extends AutoCloseable {
    /** The inputs and outputs as the engine sees them. */
    ModelSignature signature();

    /**
     * Runs one batch.
     *
     * @param inputs every input of the signature, by name, already validated
     * @param outputs the outputs wanted, in the order to return them
     * @throws EngineException when the engine fails on this input
     */
    List<Tensor> run(Map<String, Tensor> inputs, List<String> outputs) throws EngineException;

    /** Where the engine really runs ({@code cpu}, {@code gpu:0}); may differ from what was asked. */
    String device();

    /** Releases native resources. */
    @Override
    void close();
}
