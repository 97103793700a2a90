package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.monitor.drift.FeatureDrift;
import io.plumbline.monitor.drift.MethodResult;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import io.plumbline.monitor.window.Violation;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drift gauges of the last closed window per (model, version):
 * {@code drift.score} and {@code drift.pvalue} (tags model, version, feature, role, method; the p-value is
 * the one the verdict used, after correction across features), {@code drift.detected} (tags model,
 * version, feature, role; 1 when the feature's verdict is drift, else 0), {@code drift.window.events} and
 * {@code drift.window.end} (epoch seconds). {@code role} is the feature's role in the reference profile,
 * {@code input} or {@code output}, so a rule can tell "the inputs moved" (data drift) from "the
 * predictions moved" (prediction drift) without knowing each model's feature names.
 *
 * <p>Data quality of the same window, per (model, version, feature, role): {@code data.missing.ratio}
 * (absent or NaN values over all values of the feature), {@code data.out.of.range.ratio} (numeric: finite
 * values below the reference minimum or above its maximum, over finite values), {@code data.unseen.ratio}
 * (categorical: values of categories the reference never saw, over usable values) and
 * {@code data.violation.ratio} with tag {@code kind} ({@code type}, {@code shape}: values sent in a
 * tensor of the wrong datatype or shape, over all values). A ratio with nothing to divide by is NaN.
 *
 * <p>Each gauge reads a mutable holder kept here (Micrometer holds gauges weakly), registered the first
 * time its key appears and only updated after that. {@link #remove(String)} drops a model's gauges
 * from the registry, so an instance that lost a model in a rebalance stops exporting stale values.
 */
public final class DriftGauges {
    private final MeterRegistry registry;
    private final Map<Key, Entry> gauges = new ConcurrentHashMap<>();

    private record Key(String name, String model, String version, String feature, String role, String method,
            String kind) {
        Key(String name, String model, String version, String feature, String role, String method) {
            this(name, model, version, feature, role, method, null);
        }
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
        set(new Key("drift.window.events", model, version, null, null, null), r.report().rows(),
                "Events in the last closed drift window");
        set(new Key("drift.window.end", model, version, null, null, null), r.end().getEpochSecond(),
                "End of the last closed drift window, epoch seconds");
        for (FeatureDrift f : r.report().features()) {
            String role = role(f.role());
            set(new Key("drift.detected", model, version, f.feature(), role, null),
                    f.verdict() == Verdict.DRIFT ? 1 : 0,
                    "1 when the feature drifted in the last closed window (primary method), else 0");
            for (MethodResult m : f.results()) {
                String method = m.method().label();
                set(new Key("drift.score", model, version, f.feature(), role, method), m.statistic(),
                        "Drift statistic of the last closed window");
                if (!Double.isNaN(m.pValue())) {
                    set(new Key("drift.pvalue", model, version, f.feature(), role, method), m.adjustedPValue(),
                            "p-value (after correction across features) of the last closed window");
                }
            }
        }
        quality(r);
    }

    private void quality(WindowResult r) {
        String model = r.model();
        String version = r.version();
        for (FeatureProfile p : r.counts().profile().features()) {
            FeatureWindow w = r.counts().feature(p.name());
            String role = role(p.role());
            set(new Key("data.missing.ratio", model, version, p.name(), role, null),
                    ratio(w.missingOrNaN(), w.values()),
                    "Share of the feature's values in the last closed window that were absent or NaN");
            if (w instanceof NumericWindow n) {
                set(new Key("data.out.of.range.ratio", model, version, p.name(), role, null),
                        ratio(n.outOfRange(), n.count()),
                        "Share of finite values below the reference minimum or above its maximum, last closed window");
            } else {
                set(new Key("data.unseen.ratio", model, version, p.name(), role, null),
                        ratio(((CategoricalWindow) w).unseen(), w.count()),
                        "Share of values whose category the reference never saw, last closed window");
            }
            for (Violation kind : Violation.values()) {
                set(new Key("data.violation.ratio", model, version, p.name(), role, null, kind.label()),
                        ratio(w.violations(kind), w.values()),
                        "Share of the feature's values sent in a tensor of the wrong type or shape, last closed window");
            }
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
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

    /** The current value of a data-quality gauge with a {@code kind} tag; NaN when absent. */
    public double value(String name, String model, String version, String feature, String role, Violation kind) {
        Entry e = gauges.get(new Key(name, model, version, feature, role, null, kind.label()));
        return e == null ? Double.NaN : e.value;
    }

    /** The current value of a gauge, for tests and logs; NaN when absent. */
    public double value(String name, String model, String version, String feature, String role, String method) {
        Entry e = gauges.get(new Key(name, model, version, feature, role, method));
        return e == null ? Double.NaN : e.value;
    }

    /** The {@code role} tag value of a profile role: {@code input} or {@code output}. */
    public static String role(FeatureRole role) {
        return role.name().toLowerCase(Locale.ROOT);
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
        if (k.role() != null) {
            tags = tags.and("role", k.role());
        }
        if (k.method() != null) {
            tags = tags.and("method", k.method());
        }
        if (k.kind() != null) {
            tags = tags.and("kind", k.kind());
        }
        entry.gauge = Gauge.builder(k.name(), entry, e -> e.value).tags(tags).description(description)
                .strongReference(true).register(registry);
        return entry;
    }
}
