package io.plumbline.serving.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.ModelManifest;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.testing.TestModels;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batcher with real ONNX Runtime engines and no web server. */
class BatcherTest {
    // One intra-op thread, as serving runs by default: the kernel partitioning then never depends on load.
    private static final OnnxEngineFactory ONNX = new OnnxEngineFactory(new EngineOptions(1, 1, "all"));

    @TempDir
    Path dir;

    private final List<Batcher> batchers = new ArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        for (Batcher b : batchers) {
            b.close();
            b.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Engine load(Path modelFile) throws Exception {
        return ONNX.load(modelFile.getParent(), ModelManifest.DEFAULT, "test/1");
    }

    private Batcher batcher(Engine engine, BatchSettings settings) {
        Batcher b = new Batcher("test/1", engine, settings, true, BatchObserver.NONE, System::nanoTime);
        batchers.add(b);
        return b;
    }

    private static BatchSettings settings(boolean enabled, int maxRows, int instances, int capacity) {
        return new BatchSettings(enabled, maxRows, 0, instances, capacity, 0);
    }

    private static Tensor rows(String name, int rows, int cols, Random random) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.ofFloats(name, new long[] {rows, cols}, v);
    }

    private static Tensor filled(int rows, int cols, float value) {
        float[] v = new float[rows * cols];
        java.util.Arrays.fill(v, value);
        return Tensor.ofFloats("x", new long[] {rows, cols}, v);
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = t.data();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Holds the engine on a first request so that {@code queued} requests are all waiting when it frees. */
    private static CompletableFuture<List<Tensor>> occupy(Batcher b, RecordingEngine engine, Tensor first)
            throws InterruptedException {
        CompletableFuture<List<Tensor>> f = b.submit(Map.of("x", first), List.of("y"));
        engine.awaitFirstCall();
        return f;
    }

    @Test
    void batchedResultsEqualTheSameRequestsRunAlone_toTheBit() throws Exception {
        Engine mlp = load(TestModels.mlp(dir.resolve("mlp"), 16, 64, 2, 8, 7));
        RecordingEngine engine = new RecordingEngine(mlp, true);
        Batcher b = batcher(engine, settings(true, 64, 1, 100));
        Random random = new Random(1);
        CompletableFuture<List<Tensor>> first = occupy(b, engine, rows("x", 1, 16, random));
        List<Tensor> inputs = new ArrayList<>();
        List<CompletableFuture<List<Tensor>>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Tensor in = rows("x", 1 + i % 3, 16, random);
            inputs.add(in);
            futures.add(b.submit(Map.of("x", in), List.of("y")));
        }
        engine.release();
        first.get(30, TimeUnit.SECONDS);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        int totalRows = inputs.stream().mapToInt(t -> (int) t.dim(0)).sum();
        assertEquals(List.of(1, totalRows), engine.callRows, "the ten queued requests ran as one engine call");
        for (int i = 0; i < inputs.size(); i++) {
            Tensor batched = futures.get(i).get(30, TimeUnit.SECONDS).get(0);
            Tensor alone = mlp.run(Map.of("x", inputs.get(i)), List.of("y")).get(0);
            assertEquals(List.of(inputs.get(i).dim(0), 8L), List.of(batched.dim(0), batched.dim(1)));
            assertTrue(java.util.Arrays.equals(bytes(alone), bytes(batched)), "request " + i + " differs");
        }
    }

    @Test
    void rowsNeverMixBetweenRequests_underConcurrentLoad() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                false);
        Batcher b = batcher(engine, settings(true, 16, 2, 10_000));
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        float marker = client * 10_000 + i;
                        int nrows = 1 + (i % 4);
                        List<Tensor> out = b.submit(Map.of("x", filled(nrows, 3, marker)), List.of("y")).join();
                        Tensor y = out.get(0);
                        assertEquals(nrows, y.dim(0));
                        for (int e = 0; e < y.elementCount(); e++) {
                            assertEquals(marker, y.getFloat(e), "client " + client + " request " + i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(engine.callRows.stream().allMatch(r -> r <= 16), "max-batch-size is a row budget");
        assertTrue(engine.callRows.size() < 8 * 300, "some requests shared an engine call: " + engine.callRows.size());
    }

    @Test
    void queueFull_failsAtOnceWithoutWaiting() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                true);
        Batcher b = batcher(engine, settings(true, 4, 1, 2));
        CompletableFuture<List<Tensor>> running = occupy(b, engine, filled(1, 1, 0));
        CompletableFuture<List<Tensor>> q1 = b.submit(Map.of("x", filled(1, 1, 1)), List.of("y"));
        CompletableFuture<List<Tensor>> q2 = b.submit(Map.of("x", filled(1, 1, 2)), List.of("y"));
        CompletableFuture<List<Tensor>> refused = b.submit(Map.of("x", filled(1, 1, 3)), List.of("y"));
        assertTrue(refused.isCompletedExceptionally(), "refused before submit returned");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(QueueFullException.class, e.getCause());
        assertEquals(2, b.queueDepth());
        engine.release();
        assertEquals(0f, running.get(30, TimeUnit.SECONDS).get(0).getFloat(0));
        assertEquals(1f, q1.get(30, TimeUnit.SECONDS).get(0).getFloat(0));
        assertEquals(2f, q2.get(30, TimeUnit.SECONDS).get(0).getFloat(0));
    }

    @Test
    void aPoisonRequestFailsAlone_theRestOfItsBatchSucceeds() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                true);
        Batcher b = batcher(engine, settings(true, 32, 1, 100));
        CompletableFuture<List<Tensor>> first = occupy(b, engine, filled(1, 2, 0));
        CompletableFuture<List<Tensor>> good1 = b.submit(Map.of("x", filled(2, 2, 1)), List.of("y"));
        CompletableFuture<List<Tensor>> poison = b.submit(Map.of("x", filled(1, 2, Float.NaN)), List.of("y"));
        CompletableFuture<List<Tensor>> good2 = b.submit(Map.of("x", filled(3, 2, 2)), List.of("y"));
        engine.release();
        first.get(30, TimeUnit.SECONDS);
        assertEquals(1f, good1.get(30, TimeUnit.SECONDS).get(0).getFloat(3));
        assertEquals(2f, good2.get(30, TimeUnit.SECONDS).get(0).getFloat(5));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> poison.get(30, TimeUnit.SECONDS));
        assertInstanceOf(EngineException.class, e.getCause());
        assertEquals(List.of(1, 6, 2, 1, 3), engine.callRows, "batch of 6 rows failed, then each ran alone");
    }

    @Test
    void batchingOff_runsEachRequestAlone() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                true);
        Batcher b = batcher(engine, settings(false, 32, 1, 100));
        CompletableFuture<List<Tensor>> first = occupy(b, engine, filled(1, 2, 0));
        List<CompletableFuture<List<Tensor>>> rest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rest.add(b.submit(Map.of("x", filled(2, 2, i)), List.of("y")));
        }
        engine.release();
        first.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<List<Tensor>> f : rest) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 2, 2, 2, 2), engine.callRows);
    }

    @Test
    void requestsWithDifferentInnerShapes_areNeverConcatenated() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                true);
        Batcher b = batcher(engine, settings(true, 32, 1, 100));
        CompletableFuture<List<Tensor>> first = occupy(b, engine, filled(1, 2, 0));
        CompletableFuture<List<Tensor>> a = b.submit(Map.of("x", filled(1, 2, 1)), List.of("y"));
        CompletableFuture<List<Tensor>> wide = b.submit(Map.of("x", filled(1, 5, 2)), List.of("y"));
        CompletableFuture<List<Tensor>> c = b.submit(Map.of("x", filled(2, 2, 3)), List.of("y"));
        engine.release();
        first.get(30, TimeUnit.SECONDS);
        assertEquals(5, wide.get(30, TimeUnit.SECONDS).get(0).dim(1));
        assertEquals(3f, c.get(30, TimeUnit.SECONDS).get(0).getFloat(0));
        assertEquals(1f, a.get(30, TimeUnit.SECONDS).get(0).getFloat(0));
        assertEquals(List.of(1, 3, 1), engine.callRows, "the [1,2] and [2,2] requests batched; [1,5] alone");
    }

    @Test
    void maxBatchSizeCountsRows() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                true);
        Batcher b = batcher(engine, settings(true, 8, 1, 100));
        CompletableFuture<List<Tensor>> first = occupy(b, engine, filled(1, 1, 0));
        List<CompletableFuture<List<Tensor>>> rest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rest.add(b.submit(Map.of("x", filled(3, 1, i)), List.of("y")));
        }
        engine.release();
        first.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<List<Tensor>> f : rest) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 6, 6), engine.callRows);
    }

    @Test
    void closing_runsWhatIsQueuedAndRefusesNewWork() throws Exception {
        RecordingEngine engine = new RecordingEngine(load(TestModels.identity(dir.resolve("id"), DataType.FP32)),
                true);
        Batcher b = batcher(engine, settings(true, 8, 1, 100));
        CompletableFuture<List<Tensor>> first = occupy(b, engine, filled(1, 1, 0));
        CompletableFuture<List<Tensor>> queued = b.submit(Map.of("x", filled(1, 1, 5)), List.of("y"));
        b.close();
        CompletableFuture<List<Tensor>> late = b.submit(Map.of("x", filled(1, 1, 6)), List.of("y"));
        assertTrue(late.isCompletedExceptionally());
        engine.release();
        first.get(30, TimeUnit.SECONDS);
        assertEquals(5f, queued.get(30, TimeUnit.SECONDS).get(0).getFloat(0));
        assertTrue(b.awaitTermination(30, TimeUnit.SECONDS));
    }
}
