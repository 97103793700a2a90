package io.plumbline.serving.batching;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The dynamic batcher of one model version.
 *
 * <p>Requests enter a bounded queue (full: rejected at once). Each of {@code instances} workers
 * takes the oldest request, then adds queued requests with the same non-batch shape while the
 * row total stays within {@code maxBatchSize}, waiting at most {@code maxQueueDelay} after the
 * first request was queued for more to arrive. The batch runs as one engine call over the union
 * of requested outputs; outputs are sliced back by row counts. If the call fails, each request
 * is retried alone, so one poison request fails alone and the rest succeed.
 *
 * <p>When every worker is idle and the model's traffic is not batching, a short request runs on the
 * submitting thread instead ({@link InlinePolicy}); everything else about it is the same.
 *
 * <p>Every future is completed exactly once, also when the engine throws something unexpected.
 */
public final class Batcher implements AutoCloseable {
    private final String name;
    private final Engine engine;
    private final BatchSettings settings;
    private final BatchObserver observer;
    private final LongSupplier nanoTime;
    private final List<String> signatureOutputs;
    /** Whether rows are a batch dimension; if not, every engine call is a batch of 1 in the statistics. */
    private final boolean batchable;
    /** Null when tracing is off. */
    private final BatchSpans spans;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private final InlinePolicy inline;
    private boolean closed;
    /** Engine calls under way, on workers or inline; at most {@code instances}. */
    private int busy;
    private volatile boolean canSplit = true;

    /**
     * @param batchable whether every input has a variable first dimension (rows can be concatenated)
     * @param nanoTime the clock for queue delays and waits ({@code System::nanoTime} in production)
     */
    public Batcher(String name, Engine engine, BatchSettings settings, boolean batchable, BatchObserver observer,
            LongSupplier nanoTime) {
        this(name, engine, settings, batchable, observer, nanoTime, null);
    }

    /** @param tracer spans for traced requests' queue waits and batches; null when tracing is off */
    public Batcher(String name, Engine engine, BatchSettings settings, boolean batchable, BatchObserver observer,
            LongSupplier nanoTime, Tracer tracer) {
        this.name = name;
        this.spans = tracer == null ? null : new BatchSpans(tracer);
        this.engine = engine;
        this.settings = batchable ? settings : new BatchSettings(false, 1, 0, settings.instances(),
                settings.queueCapacity(), settings.inlineMaxComputeNanos());
        this.inline = new InlinePolicy(this.settings);
        this.observer = observer;
        this.nanoTime = nanoTime;
        this.batchable = batchable;
        this.signatureOutputs = engine.signature().outputs().stream().map(o -> o.name()).toList();
        for (int i = 0; i < settings.instances(); i++) {
            Thread t = new Thread(this::work, "batcher-" + name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Queues a validated request.
     *
     * @return the outputs, in the order asked; fails with {@link QueueFullException} at once when
     *     the queue is full, or with {@link EngineException} when the engine fails on it. Complete on
     *     return when the request ran inline.
     */
    public CompletableFuture<List<Tensor>> submit(Map<String, Tensor> inputs, List<String> outputs) {
        return submit(inputs, outputs, null);
    }

    /**
     * As {@link #submit(Map, List)}, for a request traced by {@code traceSpan} (null: untraced), whose
     * queue wait and batch become spans when this batcher has a tracer.
     */
    public CompletableFuture<List<Tensor>> submit(Map<String, Tensor> inputs, List<String> outputs, Span traceSpan) {
        int rows = rows(inputs);
        Span traced = spans == null ? null : traceSpan;
        Job job = new Job(inputs, outputs, rows, nanoTime.getAsLong(), traced,
                traced == null ? null : spans.queued(traced));
        boolean runHere;
        lock.lock();
        try {
            if (closed) {
                endQueueSpan(job);
                job.result.completeExceptionally(new IllegalStateException("model " + name + " is unloading"));
                return job.result;
            }
            if (queue.size() >= settings.queueCapacity()) {
                endQueueSpan(job);
                observer.rejected();
                job.result.completeExceptionally(new QueueFullException("model '" + name + "' queue is full ("
                        + settings.queueCapacity() + " requests); retry with backoff"));
                return job.result;
            }
            runHere = inline.allows(job.enqueuedNanos, queue.isEmpty(), busy);
            if (runHere) {
                busy++;
            } else {
                queue.addLast(job);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (runHere) {
            try {
                run(List.of(job));
            } finally {
                idle(true);
            }
        }
        return job.result;
    }

    /**
     * An engine call ended. A worker that ran it takes the next batch itself; one run inline wakes a
     * worker that may be waiting for the busy count to drop.
     */
    private void idle(boolean ranInline) {
        lock.lock();
        try {
            busy--;
            if (ranInline && !queue.isEmpty()) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private static void endQueueSpan(Job job) {
        if (job.queueSpan != null) {
            job.queueSpan.end();
        }
    }

    /** Requests waiting for a worker. */
    public int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Engine calls under way (tests: a worker decrements it just after completing its batch's futures). */
    int callsUnderWay() {
        lock.lock();
        try {
            return busy;
        } finally {
            lock.unlock();
        }
    }

    public BatchSettings settings() {
        return settings;
    }

    private static int rows(Map<String, Tensor> inputs) {
        int rows = -1;
        for (Tensor t : inputs.values()) {
            int r = t.rank() == 0 ? 1 : (int) t.dim(0);
            rows = rows < 0 ? r : Math.max(rows, r);
        }
        return Math.max(rows, 1);
    }

    private void work() {
        while (true) {
            List<Job> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                run(batch);
            } finally {
                idle(false);
            }
        }
    }

    /** Blocks for the next batch; null when closed and drained. */
    private List<Job> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() || busy >= settings.instances()) {
                if (closed && queue.isEmpty()) {
                    return null;
                }
                notEmpty.await();
            }
            busy++;
            Job first = queue.pollFirst();
            List<Job> batch = new ArrayList<>();
            batch.add(first);
            if (!settings.enabled() || !canSplit) {
                inline.batchFormed(1);
                return batch;
            }
            int rows = first.rows;
            long deadline = first.enqueuedNanos + settings.maxQueueDelayNanos();
            while (true) {
                for (Iterator<Job> it = queue.iterator(); it.hasNext() && rows < settings.maxBatchSize(); ) {
                    Job j = it.next();
                    if (j.shapeKey.equals(first.shapeKey) && rows + j.rows <= settings.maxBatchSize()) {
                        it.remove();
                        batch.add(j);
                        rows += j.rows;
                    }
                }
                long wait = deadline - nanoTime.getAsLong();
                if (rows >= settings.maxBatchSize() || wait <= 0 || closed) {
                    inline.batchFormed(batch.size());
                    return batch;
                }
                notEmpty.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Job> batch) {
        Span span = batch.get(0).traceSpan == null ? null : spans.batch(name, batch);
        try {
            execute(batch);
        } finally {
            if (span != null) {
                span.end();
            }
        }
    }

    private void execute(List<Job> batch) {
        long start = nanoTime.getAsLong();
        for (Job j : batch) {
            observer.queueWait(start - j.enqueuedNanos);
        }
        // Read again: compute_input is the batch's assembly, not the metrics recorded just above.
        start = nanoTime.getAsLong();
        if (batch.size() == 1) {
            runAlone(batch.get(0), start);
            return;
        }
        List<String> outputs = union(batch);
        List<Tensor> results;
        int rows = 0;
        long t0;
        long t1;
        try {
            Map<String, Tensor> inputs = new HashMap<>();
            for (String input : batch.get(0).inputs.keySet()) {
                List<Tensor> parts = new ArrayList<>(batch.size());
                for (Job j : batch) {
                    parts.add(j.inputs.get(input));
                }
                inputs.put(input, TensorRows.concat(input, parts));
            }
            for (Job j : batch) {
                rows += j.rows;
            }
            t0 = nanoTime.getAsLong();
            results = engine.run(inputs, outputs);
            t1 = nanoTime.getAsLong();
            inline.called(t1 - t0);
            observer.computed(rows, t1 - t0);
        } catch (EngineException | RuntimeException e) {
            // One request may have poisoned the batch: give each its own run and its own outcome.
            retryAlone(batch);
            return;
        }
        if (!splittable(results, rows)) {
            // Outputs without a batch dimension cannot be divided between requests.
            canSplit = false;
            retryAlone(batch);
            return;
        }
        // Every request's rows are cut before any future completes, so compute_output is the split alone.
        List<List<Tensor>> split = new ArrayList<>(batch.size());
        long from = 0;
        for (Job j : batch) {
            List<Tensor> mine = new ArrayList<>(j.outputs.size());
            for (String o : j.outputs) {
                mine.add(TensorRows.slice(results.get(outputs.indexOf(o)), from, j.rows));
            }
            from += j.rows;
            split.add(mine);
        }
        observer.executed(batch.size(), rows, t0 - start, t1 - t0, nanoTime.getAsLong() - t1);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(split.get(i));
        }
    }

    private void retryAlone(List<Job> batch) {
        for (Job j : batch) {
            runAlone(j, nanoTime.getAsLong());
        }
    }

    private static boolean splittable(List<Tensor> results, int rows) {
        for (Tensor t : results) {
            if (t.rank() == 0 || t.dim(0) != rows) {
                return false;
            }
        }
        return true;
    }

    /** @param start when this request's turn began (its compute_input is what passed since) */
    private void runAlone(Job j, long start) {
        try {
            long t0 = nanoTime.getAsLong();
            List<Tensor> out = engine.run(j.inputs, j.outputs);
            long t1 = nanoTime.getAsLong();
            inline.called(t1 - t0);
            observer.computed(j.rows, t1 - t0);
            observer.executed(1, batchable ? j.rows : 1, t0 - start, t1 - t0, 0);
            j.result.complete(out);
        } catch (EngineException | RuntimeException e) {
            j.result.completeExceptionally(e);
        } catch (Error e) {
            j.result.completeExceptionally(e);
            throw e;
        }
    }

    /** The outputs any job wants, in signature order so every batch asks the engine alike. */
    private List<String> union(List<Job> batch) {
        Set<String> wanted = new LinkedHashSet<>();
        batch.forEach(j -> wanted.addAll(j.outputs));
        List<String> out = new ArrayList<>();
        for (String o : signatureOutputs) {
            if (wanted.contains(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Stops taking requests; queued ones still run; workers exit when the queue is empty. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the workers to finish the queue (for orderly shutdown and tests). */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Batcher[" + name + ", " + settings + "]";
    }
}
