package io.plumbline.serving.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.ModelManifest;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.testing.TestModels;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a request runs on the submitting thread ({@link InlinePolicy}) and when it queues. The batchers run
 * on a clock the test moves ({@link #idle}), so "the thread was idle" does not depend on this machine's speed.
 */
class InlineRunTest {
    private static final OnnxEngineFactory ONNX = new OnnxEngineFactory(new EngineOptions(1, 1, "all"));
    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private final List<Batcher> batchers = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    @AfterEach
    void close() throws InterruptedException {
        for (Batcher b : batchers) {
            b.close();
            b.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Engine identity() throws Exception {
        Path model = TestModels.identity(dir.resolve("id"), DataType.FP32);
        return ONNX.load(model.getParent(), ModelManifest.DEFAULT, "test/1");
    }

    private Batcher batcher(Engine engine, boolean batching, int instances, long delayNanos, long inlineMaxNanos) {
        return batcher(engine, batching, instances, delayNanos, inlineMaxNanos, clock::get);
    }

    private Batcher batcher(Engine engine, boolean batching, int instances, long delayNanos, long inlineMaxNanos,
            LongSupplier nanoTime) {
        Batcher b = new Batcher("test/1", engine,
                new BatchSettings(batching, 32, delayNanos, instances, 1000, inlineMaxNanos), true,
                BatchObserver.NONE, nanoTime);
        batchers.add(b);
        return b;
    }

    private static Map<String, Tensor> row(float v) {
        return Map.of("x", Tensor.ofFloats("x", new long[] {1, 1}, new float[] {v}));
    }

    /** Waits for the worker that answered to count itself idle, which it does just after answering. */
    private static void awaitIdle(Batcher b) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (b.callsUnderWay() > 0) {
            assertTrue(System.nanoTime() < deadline, "a call still under way after 30 s");
            Thread.sleep(1);
        }
    }

    /** Lets a millisecond pass on the batchers' clock: the next request finds the thread idle. */
    private void idle() {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Submits from a thread of the common pool, where an inline run may block. */
    private static CompletableFuture<CompletableFuture<List<Tensor>>> elsewhere(Batcher b, float v) {
        return CompletableFuture.supplyAsync(() -> b.submit(row(v), List.of("y")));
    }

    private static float value(CompletableFuture<List<Tensor>> f) throws Exception {
        return (float) f.get(30, TimeUnit.SECONDS).get(0).asDouble(0);
    }

    @Test
    void anIdleModel_runsTheRequestOnTheSubmittingThread_withTheSameAnswer() throws Exception {
        ThreadsEngine engine = new ThreadsEngine(identity());
        Batcher b = batcher(engine, true, 2, 0, ONE_SECOND);
        // The first call's time is unknown, so it goes to a worker.
        assertEquals(1f, value(b.submit(row(1f), List.of("y"))));
        assertTrue(engine.threads.get(0).startsWith("batcher-"), engine.threads.toString());
        awaitIdle(b);

        idle();
        CompletableFuture<List<Tensor>> second = b.submit(row(2f), List.of("y"));
        assertTrue(second.isDone(), "complete when submit returned");
        assertEquals(2f, value(second));
        assertEquals(Thread.currentThread().getName(), engine.threads.get(1));
    }

    @Test
    void aBusyWorker_sendsTheNextRequestToTheQueue() throws Exception {
        ThreadsEngine engine = new ThreadsEngine(identity());
        Batcher b = batcher(engine, true, 2, 0, ONE_SECOND);
        value(b.submit(row(1f), List.of("y")));
        awaitIdle(b);
        engine.hold();
        idle();
        // Runs inline on another thread and stays in the engine until released.
        CompletableFuture<CompletableFuture<List<Tensor>>> held = elsewhere(b, 2f);
        engine.awaitHeld();
        idle();
        CompletableFuture<List<Tensor>> queued = b.submit(row(3f), List.of("y"));
        assertFalse(queued.isDone(), "queued while a call is under way");
        engine.release();
        assertEquals(2f, value(held.get(30, TimeUnit.SECONDS)));
        assertEquals(3f, value(queued));
        assertFalse(engine.threads.get(1).startsWith("batcher-"), engine.threads.toString());
        assertTrue(engine.threads.get(2).startsWith("batcher-"), engine.threads.toString());
    }

    @Test
    void requestsArrivingBackToBack_queue_evenWithEveryWorkerIdle() throws Exception {
        ThreadsEngine engine = new ThreadsEngine(identity(), clock, 5_000); // calls take 5 us
        Batcher b = batcher(engine, true, 2, 0, ONE_SECOND);
        value(b.submit(row(1f), List.of("y")));
        awaitIdle(b);
        idle();
        value(b.submit(row(2f), List.of("y")));
        assertEquals(Thread.currentThread().getName(), engine.threads.get(1), "idle before it: inline");
        // One client's calls over one connection: the next is read as soon as the last inline run ends,
        // 5 us later on this clock, less than the 20 us of idle time a request needs to run inline.
        CompletableFuture<List<Tensor>> next = b.submit(row(3f), List.of("y"));
        assertEquals(3f, value(next));
        assertTrue(engine.threads.get(2).startsWith("batcher-"), engine.threads.toString());
        awaitIdle(b);
        // Idle for as long as a call plus 20 us: inline again.
        clock.addAndGet(InlinePolicy.MIN_IDLE_NANOS + 5_000);
        value(b.submit(row(4f), List.of("y")));
        assertEquals(Thread.currentThread().getName(), engine.threads.get(3));
    }

    @Test
    void batchingTraffic_stopsInlineRuns_untilBatchesAreSingleAgain() throws Exception {
        ThreadsEngine engine = new ThreadsEngine(identity());
        Batcher b = batcher(engine, true, 1, 0, ONE_SECOND);
        value(b.submit(row(1f), List.of("y")));
        awaitIdle(b);
        // Ten requests queue behind a held call and run as one batch: the traffic is batching.
        engine.hold();
        idle();
        CompletableFuture<CompletableFuture<List<Tensor>>> held = elsewhere(b, 1f);
        engine.awaitHeld();
        List<CompletableFuture<List<Tensor>>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(b.submit(row(i), List.of("y")));
        }
        engine.release();
        value(held.get(30, TimeUnit.SECONDS));
        for (CompletableFuture<List<Tensor>> f : queued) {
            value(f);
        }
        awaitIdle(b);
        idle();
        CompletableFuture<List<Tensor>> next = b.submit(row(5f), List.of("y"));
        assertEquals(5f, value(next));
        assertTrue(engine.threads.get(engine.threads.size() - 1).startsWith("batcher-"),
                "after a batch of 10 the next request queues: " + engine.threads);
        // Single-request batches bring the mean back down, and requests run inline again.
        String last = "";
        for (int i = 0; i < 40 && !last.equals(Thread.currentThread().getName()); i++) {
            awaitIdle(b);
            idle();
            value(b.submit(row(i), List.of("y")));
            last = engine.threads.get(engine.threads.size() - 1);
        }
        assertEquals(Thread.currentThread().getName(), last);
    }

    @Test
    void aLongerCallThanAllowed_aQueueDelay_orZero_neverRunsInline() throws Exception {
        Engine id = identity();
        ThreadsEngine slow = new ThreadsEngine(id, clock, 1_000); // each call takes 1 us on the clock
        ThreadsEngine delayed = new ThreadsEngine(id);
        ThreadsEngine off = new ThreadsEngine(id);
        Batcher overLimit = batcher(slow, true, 2, 0, 1); // every real call takes more than 1 ns
        // The queue delay's waits need a clock that moves by itself.
        Batcher withDelay = batcher(delayed, true, 2, TimeUnit.MICROSECONDS.toNanos(100), ONE_SECOND,
                System::nanoTime);
        Batcher zero = batcher(off, true, 2, 0, 0);
        for (int i = 0; i < 5; i++) {
            idle();
            value(overLimit.submit(row(i), List.of("y")));
            value(withDelay.submit(row(i), List.of("y")));
            value(zero.submit(row(i), List.of("y")));
        }
        for (ThreadsEngine e : List.of(slow, delayed, off)) {
            assertEquals(5, e.threads.size());
            assertTrue(e.threads.stream().allMatch(t -> t.startsWith("batcher-")), e.threads.toString());
        }
    }

    @Test
    void inlineRunsAndWorkersTogether_neverExceedInstancesCalls() throws Exception {
        ThreadsEngine engine = new ThreadsEngine(identity());
        // Batching off keeps every batch at one request, so inline runs stay allowed under load.
        // Every reading moves the clock 1 ms on: some requests find the thread idle, the rest queue.
        Batcher b = batcher(engine, false, 1, 0, ONE_SECOND, () -> clock.addAndGet(1_000_000));
        value(b.submit(row(0f), List.of("y")));
        engine.threads.clear();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Float>> answers = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                float v = i;
                answers.add(callers.submit(() -> value(b.submit(row(v), List.of("y")))));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals((float) i, answers.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1, engine.maxConcurrent.get(), "instances 1: one engine call at a time");
        assertTrue(engine.threads.stream().anyMatch(t -> !t.startsWith("batcher-")), "some ran inline");
        assertTrue(engine.threads.stream().anyMatch(t -> t.startsWith("batcher-")), "some ran on the worker");
    }

    /** Records the thread of every engine call and the most calls at once; can hold calls. */
    private static final class ThreadsEngine implements Engine {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final Engine delegate;
        private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
        private volatile java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(0);

        private final AtomicLong clock;
        private final long callNanos;

        ThreadsEngine(Engine delegate) {
            this(delegate, null, 0);
        }

        /** Each call moves {@code clock} on by {@code callNanos}, as if it took that long. */
        ThreadsEngine(Engine delegate, AtomicLong clock, long callNanos) {
            this.delegate = delegate;
            this.clock = clock;
            this.callNanos = callNanos;
        }

        void hold() {
            entered = new java.util.concurrent.CountDownLatch(1);
            gate = new java.util.concurrent.CountDownLatch(1);
        }

        void awaitHeld() throws InterruptedException {
            assertTrue(entered.await(30, TimeUnit.SECONDS), "no engine call started");
        }

        void release() {
            gate.countDown();
        }

        @Override
        public List<Tensor> run(Map<String, Tensor> inputs, List<String> outputs) throws EngineException {
            threads.add(Thread.currentThread().getName());
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                entered.countDown();
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("engine held for 30 s");
                }
                if (clock != null) {
                    clock.addAndGet(callNanos);
                }
                return delegate.run(inputs, outputs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public ModelSignature signature() {
            return delegate.signature();
        }

        @Override
        public String device() {
            return delegate.device();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
