package io.plumbline.serving.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Tracer;
import io.plumbline.model.CatalogListener;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.TensorSpec;
import io.plumbline.model.BatchingSettings;
import io.plumbline.serving.batching.BatchObserver;
import io.plumbline.serving.batching.BatchSettings;
import io.plumbline.serving.batching.Batcher;
import io.plumbline.serving.stats.ModelStatistics;
import io.plumbline.serving.stats.VersionStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One {@link Batcher} and one {@link VersionStats} per serving model version, created while the version is being attached
 * (before any request can resolve it) and closed with the version itself, after the last request
 * that held it has finished, so a request that holds a version always finds its batcher. Meters
 * are created here, once per version number: the queue-depth gauge reads whichever batcher
 * serves that number now, because a reloaded version attaches its new batcher before the old one
 * closes.
 */
public final class BatcherRegistry implements CatalogListener {
    private final Function<BatchingSettings, BatchSettings> settings;
    private final MeterRegistry registry;
    private final ModelStatistics statistics;
    private final Tracer tracer;
    private final Map<LoadedModel, Attached> attached = new ConcurrentHashMap<>();
    /** Held strongly here: Micrometer keeps only weak references to a gauge's object. */
    private final Map<String, AtomicReference<Batcher>> depthSources = new ConcurrentHashMap<>();

    /** What a serving version's requests use: its batcher and its statistics (one lookup per request). */
    record Attached(Batcher batcher, VersionStats stats) {
    }

    public BatcherRegistry(Function<BatchingSettings, BatchSettings> settings, MeterRegistry registry,
            ModelStatistics statistics) {
        this(settings, registry, statistics, null);
    }

    /** @param tracer for the queue-wait and batch spans of traced requests; null when tracing is off */
    public BatcherRegistry(Function<BatchingSettings, BatchSettings> settings, MeterRegistry registry,
            ModelStatistics statistics, Tracer tracer) {
        this.tracer = tracer;
        this.settings = settings;
        this.registry = registry;
        this.statistics = statistics;
    }

    @Override
    public void loaded(LoadedModel model) {
        BatchSettings s = settings.apply(model.manifest().batching());
        boolean batchable = model.signature().inputs().stream().allMatch(TensorSpec::batchable);
        VersionStats stats = statistics.of(model);
        Batcher b = new Batcher(model.toString(), model.engine(), s, batchable, observer(model, stats),
                System::nanoTime, tracer);
        AtomicReference<Batcher> depth = queueDepth(model);
        attached.put(model, new Attached(b, stats));
        depth.set(b);
        model.onClose(() -> {
            attached.remove(model);
            b.close();
            depth.compareAndSet(b, null);
        });
    }

    /** The batcher and statistics of a version, or null once the version has closed. */
    Attached get(LoadedModel model) {
        return attached.get(model);
    }

    private AtomicReference<Batcher> queueDepth(LoadedModel m) {
        return depthSources.computeIfAbsent(m.name() + '\0' + m.versionLabel(), k -> {
            AtomicReference<Batcher> source = new AtomicReference<>();
            Gauge.builder("inference.queue.depth", source, r -> {
                Batcher b = r.get();
                return b == null ? 0 : b.queueDepth();
            }).description("Requests waiting for an engine worker").tags(tags(m)).register(registry);
            return source;
        });
    }

    private static Tags tags(LoadedModel m) {
        return Tags.of("model", m.name(), "version", m.versionLabel());
    }

    private BatchObserver observer(LoadedModel m, VersionStats stats) {
        Timer wait = Timer.builder("inference.queue.wait").description("Time requests wait for a batch to start")
                .tags(tags(m)).publishPercentileHistogram().register(registry);
        Timer compute = Timer.builder("inference.compute").description("Engine time per batch")
                .tags(tags(m)).publishPercentileHistogram().register(registry);
        DistributionSummary size = DistributionSummary.builder("inference.batch.size")
                .description("Rows per engine call").tags(tags(m)).register(registry);
        Counter rejected = Counter.builder("inference.rejected").description("Requests refused before running")
                .tags(tags(m)).tag("reason", "queue_full").register(registry);
        return new BatchObserver() {
            @Override
            public void queueWait(long nanos) {
                wait.record(nanos, TimeUnit.NANOSECONDS);
                stats.queued(nanos);
            }

            @Override
            public void computed(int rows, long nanos) {
                compute.record(nanos, TimeUnit.NANOSECONDS);
                size.record(rows);
            }

            @Override
            public void executed(int requests, int batchSize, long inputNanos, long inferNanos, long outputNanos) {
                stats.executed(requests, batchSize, inputNanos, inferNanos, outputNanos);
            }

            @Override
            public void rejected() {
                rejected.increment();
            }
        };
    }

    /** Closes every batcher (server shutdown). */
    public void close() {
        attached.values().forEach(a -> a.batcher().close());
        attached.clear();
    }
}
