package io.plumbline.bench.micro;

import io.plumbline.bench.BenchModels;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.model.engine.Engine;
import io.plumbline.serving.batching.BatchObserver;
import io.plumbline.serving.batching.BatchSettings;
import io.plumbline.serving.batching.Batcher;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Requests per second through {@link Batcher#submit} to a completed result, as the server builds it
 * (batching on, 64 rows, no queue delay, two workers), with a trivial engine (what the batcher
 * itself costs) and with the demo model. {@code oneAtATime} waits for each result (no batching
 * possible); {@code burst32} submits 32 one-row requests and then waits for all (batches form).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatcherBenchmark {
    static final int BURST = 32;

    @Param({"echo", "weather"})
    public String engine;

    private Batcher batcher;
    private Engine backing;
    private Map<String, Tensor> inputs;
    private List<String> outputs;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        backing = "echo".equals(engine) ? new EchoEngine() : BenchModels.load(BenchModels.DEMO);
        batcher = new Batcher("bench/1", backing, new BatchSettings(true, 64, 0, 2, 1024, 0), true,
                BatchObserver.NONE, System::nanoTime);
        Tensor row = BenchModels.tensor(BenchModels.DEMO, 1, 3);
        inputs = Map.of(BenchModels.DEMO_INPUT, row);
        outputs = List.of(BenchModels.DEMO_OUTPUT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        batcher.close();
        batcher.awaitTermination(10, TimeUnit.SECONDS);
        backing.close();
    }

    @Benchmark
    public List<Tensor> oneAtATime() {
        return batcher.submit(inputs, outputs).join();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public List<Tensor> burst32() {
        @SuppressWarnings("unchecked")
        CompletableFuture<List<Tensor>>[] futures = new CompletableFuture[BURST];
        for (int i = 0; i < BURST; i++) {
            futures[i] = batcher.submit(inputs, outputs);
        }
        List<Tensor> last = null;
        for (CompletableFuture<List<Tensor>> f : futures) {
            last = f.join();
        }
        return last;
    }

    /** Returns its input as the demo model's output: the batcher's own cost, with no compute. */
    static final class EchoEngine implements Engine {
        private final ModelSignature signature = new ModelSignature(
                List.of(new TensorSpec(BenchModels.DEMO_INPUT, DataType.FP32, new long[] {-1, 4})),
                List.of(new TensorSpec(BenchModels.DEMO_OUTPUT, DataType.FP32, new long[] {-1, 4})));

        @Override
        public ModelSignature signature() {
            return signature;
        }

        @Override
        public List<Tensor> run(Map<String, Tensor> in, List<String> out) {
            return List.of(in.get(BenchModels.DEMO_INPUT).withName(BenchModels.DEMO_OUTPUT));
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public void close() {
        }
    }
}
