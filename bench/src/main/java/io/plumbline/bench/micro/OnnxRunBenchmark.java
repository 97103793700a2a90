package io.plumbline.bench.micro;

import io.plumbline.bench.BenchModels;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * In-process ONNX Runtime {@code run} through the engine the server uses (one intra-op and one
 * inter-op thread, full graph optimisation), one caller thread. Calls per second; rows per second
 * is that times {@code batch}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnnxRunBenchmark {
    @Param({"weather", "mlp"})
    public String model;

    /**
     * 1, the MLP's max batch and a step between (1, 2, ..., 64 was cut to keep the bench run under 15 min, then
     * batch 4: two forks, some 10 s).
     */
    @Param({"1", "16", "64"})
    public int batch;

    private Engine engine;
    private Map<String, Tensor> inputs;
    private List<String> outputs;

    @Setup
    public void setup() throws Exception {
        engine = BenchModels.load(model);
        inputs = Map.of(BenchModels.inputName(model), BenchModels.tensor(model, batch, 4));
        outputs = List.of(BenchModels.outputName(model));
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public List<Tensor> run() throws EngineException {
        return engine.run(inputs, outputs);
    }
}
