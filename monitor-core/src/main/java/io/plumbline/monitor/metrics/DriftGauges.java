package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.result.WindowResult;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drift gauges of the last closed window per (model, version):
 * {@code drift.score} and {@code drift.pvalue} (tags model, version, feature, method; the p-value is the
 * one the verdict used, after correction across features), {@code drift.detected} (1 when the feature's
 * verdict is drift, else 0), {@code drift.window.events} and {@code drift.window.end} (epoch seconds).
 *
 * <p>Each gauge reads a mutable holder kept here (Micrometer holds gauges weakly), registered the first
 * time its key appears and only updated after that. {@link #remove(String)} drops a model's gauges
 * from the registry, so an instance that lost a model in a rebalance stops exporting stale values.
 */
public final class DriftGauges {
    private final MeterRegistry registry;
    private final Map<Key, Entry> gauges = new ConcurrentHashMap<>();

    private record Key(String name, String model, String version, String feature, String method) {
    }

    private static final class Entry {
        volatile double value = Double.NaN;
        Gauge gauge;
    }

    public DriftGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public void update(WindowResult r) {
        String model = r.model();
        String version = r.version();
        set(new Key("drift.window.events", model, version, null, null), r.report().rows(),
                "Events in the last closed drift window");
        set(new Key("drift.window.end", model, version, null, null), r.end().getEpochSecond(),
                "End of the last closed drift window, epoch seconds");
        for (FeatureDrift f : r.report().features()) {
            set(new Key("drift.detected", model, version, f.feature(), null), f.verdict() == Verdict.DRIFT ? 1 : 0,
                    "1 when the feature drifted in the last closed window (primary method), else 0");
            for (MethodResult m : f.results()) {
                String method = m.method().label();
                set(new Key("drift.score", model, version, f.feature(), method), m.statistic(),
                        "Drift statistic of the last closed window");
                if (!Double.isNaN(m.pValue())) {
                    set(new Key("drift.pvalue", model, version, f.feature(), method), m.adjustedPValue(),
                            "p-value (after correction across features) of the last closed window");
                }
            }
        }
    }

    /** Removes every gauge of a model (all versions). */
    public void remove(String model) {
        for (Iterator<Map.Entry<Key, Entry>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getKey().model().equals(model)) {
                registry.remove(e.getValue().gauge);
                it.remove();
            }
        }
    }

    /** The current value of a gauge, for tests and logs; NaN when absent. */
    public double value(String name, String model, String version, String feature, String method) {
        Entry e = gauges.get(new Key(name, model, version, feature, method));
        return e == null ? Double.NaN : e.value;
    }

    private void set(Key key, double value, String description) {
        Entry entry = gauges.computeIfAbsent(key, k -> register(k, description));
        entry.value = value;
    }

    private Entry register(Key k, String description) {
        Entry entry = new Entry();
        Tags tags = Tags.of("model", k.model(), "version", k.version());
        if (k.feature() != null) {
            tags = tags.and("feature", k.feature());
        }
        if (k.method() != null) {
            tags = tags.and("method", k.method());
        }
        entry.gauge = Gauge.builder(k.name(), entry, e -> e.value).tags(tags).description(description)
                .strongReference(true).register(registry);
        return entry;
    }
}
