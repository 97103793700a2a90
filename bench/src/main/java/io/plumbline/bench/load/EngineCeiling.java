package io.plumbline.bench.load;

import io.plumbline.bench.BenchModels;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine ceiling: the same ONNX Runtime engine the server loads (same options), called
 * in-process by {@code threads} threads with one-row requests, as many threads as the server has
 * batcher workers per model. What a server with zero overhead and no batching could do.
 */
final class EngineCeiling {
    private EngineCeiling() {
    }

    static LoadResult measure(Engine engine, String model, int threads, Duration warmup, Duration measure)
            throws InterruptedException {
        Map<String, Tensor> inputs = Map.of(BenchModels.inputName(model), BenchModels.tensor(model, 1, 9));
        List<String> outputs = List.of(BenchModels.outputName(model));
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicLong errors = new AtomicLong();
        long warmEnd = System.nanoTime() + warmup.toNanos();
        long end = warmEnd + measure.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return;
                    }
                    try {
                        engine.run(inputs, outputs);
                    } catch (EngineException e) {
                        errors.incrementAndGet();
                    }
                    if (start >= warmEnd) {
                        latencies.record(System.nanoTime() - start);
                    }
                }
            }, "ceiling-" + i);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = measure.toNanos() / 1e9;
        return new LoadResult("in-process ONNX Runtime " + model, threads, latencies.count() / seconds,
                latencies.percentileMicros(0.5), latencies.percentileMicros(0.9), latencies.percentileMicros(0.99),
                latencies.count(), errors.get());
    }
}
