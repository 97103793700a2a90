package io.plumbline.serving.stats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics of one model version since the server started, written from request threads and
 * batcher workers at once. Every write is a {@link LongAdder} add (no lock, no allocation once its
 * cells exist); the per-batch-size entries of sizes up to {@link #DIRECT_SIZES} sit in an array indexed
 * by size, so finding one allocates nothing either (larger sizes, possible only for a single request
 * over {@code max-batch-size}, go through a map). A report sums each adder separately: taken under
 * traffic, a count and its time may be one request apart, as in Triton.
 *
 * <p>What each figure measures here (the extension's names):
 * <ul>
 *   <li>{@code success}, {@code fail}: requests that reached this version, from the server taking the
 *       request to its answer being ready (decoding and validation included, encoding the response not);
 *       {@code fail} counts every failure after the version was found (invalid input, queue full,
 *       engine error, unloading);</li>
 *   <li>{@code queue}: from entering the batcher's queue to the start of the engine call that ran it;</li>
 *   <li>{@code compute_input}: assembling the batch (rows of the requests concatenated);
 *       {@code compute_infer}: the engine call (its own tensor conversion included);
 *       {@code compute_output}: splitting the outputs back into each request's rows. Counted once
 *       per request with its batch's time, as Triton does, and once per engine call in
 *       {@code batch_stats};</li>
 *   <li>{@code inference_count}: rows of the successful engine calls (a request of 64 rows counts
 *       64; a model without a batch dimension counts 1 a request), {@code execution_count}: those calls.</li>
 * </ul>
 * Plumbline has no response cache: {@code cache_hit} and {@code cache_miss} stay 0.
 */
public final class VersionStats {
    static final int DIRECT_SIZES = 256;

    private final Clock clock;
    private final DurationStat success = new DurationStat();
    private final DurationStat fail = new DurationStat();
    private final DurationStat queue = new DurationStat();
    private final DurationStat computeInput = new DurationStat();
    private final DurationStat computeInfer = new DurationStat();
    private final DurationStat computeOutput = new DurationStat();
    private final LongAdder inferences = new LongAdder();
    private final LongAdder executions = new LongAdder();
    private final AtomicLong lastInferenceMillis = new AtomicLong();
    private final AtomicReferenceArray<BatchSizeStats> bySize = new AtomicReferenceArray<>(DIRECT_SIZES + 1);
    private final ConcurrentHashMap<Integer, BatchSizeStats> largeSizes = new ConcurrentHashMap<>();

    /** @param clock the wall clock for {@code last_inference} */
    VersionStats(Clock clock) {
        this.clock = clock;
    }

    /** A request answered successfully {@code nanos} after the server took it. */
    public void succeeded(long nanos) {
        success.add(1, nanos);
        arrived(nanos);
    }

    /** A request for this version failed {@code nanos} after the server took it. */
    public void failed(long nanos) {
        fail.add(1, nanos);
        arrived(nanos);
    }

    /** {@code last_inference} is when the latest request arrived, as in Triton: now, less its duration. */
    private void arrived(long nanos) {
        long at = clock.millis() - TimeUnit.NANOSECONDS.toMillis(nanos);
        lastInferenceMillis.accumulateAndGet(at, Math::max);
    }

    /** A request waited {@code nanos} in the queue before its engine call started. */
    public void queued(long nanos) {
        queue.add(1, nanos);
    }

    /**
     * One successful engine call.
     *
     * @param requests the requests it answered
     * @param batchSize its rows (1 for a model without a batch dimension)
     */
    public void executed(int requests, int batchSize, long inputNanos, long inferNanos, long outputNanos) {
        inferences.add(batchSize);
        executions.increment();
        computeInput.add(requests, requests * inputNanos);
        computeInfer.add(requests, requests * inferNanos);
        computeOutput.add(requests, requests * outputNanos);
        BatchSizeStats b = batch(batchSize);
        b.computeInput.add(1, inputNanos);
        b.computeInfer.add(1, inferNanos);
        b.computeOutput.add(1, outputNanos);
    }

    private BatchSizeStats batch(int size) {
        if (size < 0 || size > DIRECT_SIZES) {
            return largeSizes.computeIfAbsent(size, BatchSizeStats::new);
        }
        BatchSizeStats b = bySize.get(size);
        if (b == null) {
            bySize.compareAndSet(size, null, new BatchSizeStats(size));
            b = bySize.get(size);
        }
        return b;
    }

    StatsReport.Model read(String name, String version) {
        List<StatsReport.Batch> batches = new ArrayList<>();
        for (int i = 0; i <= DIRECT_SIZES; i++) {
            BatchSizeStats b = bySize.get(i);
            if (b != null) {
                batches.add(b.read());
            }
        }
        largeSizes.values().forEach(b -> batches.add(b.read()));
        batches.sort(Comparator.comparingLong(StatsReport.Batch::batchSize));
        StatsReport.Duration none = new StatsReport.Duration(0, 0);
        StatsReport.Inference inference = new StatsReport.Inference(success.read(), fail.read(), queue.read(),
                computeInput.read(), computeInfer.read(), computeOutput.read(), none, none);
        return new StatsReport.Model(name, version, lastInferenceMillis.get(), inferences.sum(), executions.sum(),
                inference, List.copyOf(batches));
    }
}
