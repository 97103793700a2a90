package io.plumbline.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges whose values are set rather than read from an object: each reads a holder kept here (Micrometer
 * holds gauges weakly), registered the first time its name and tags appear and only updated after that.
 * {@link #removeModel} drops a model's gauges from the registry.
 */
final class GaugeSet {
    private final MeterRegistry registry;
    private final Map<Key, Holder> gauges = new ConcurrentHashMap<>();

    private record Key(String name, String model, Tags tags) {
    }

    private static final class Holder {
        volatile double value = Double.NaN;
        Gauge gauge;
    }

    GaugeSet(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Sets gauge {@code name} with tags {@code model}, then {@code tags}. */
    void set(String name, String model, Tags tags, double value, String description) {
        Holder h = gauges.computeIfAbsent(new Key(name, model, tags), k -> {
            Holder n = new Holder();
            n.gauge = Gauge.builder(name, n, x -> x.value).tags(Tags.of("model", model).and(tags))
                    .description(description).strongReference(true).register(registry);
            return n;
        });
        h.value = value;
    }

    /**
     * The name and base tags of a window's gauges: {@code version} for the whole traffic; for a segment's
     * window the {@code segment} family of the name ({@code drift.score} becomes {@code drift.segment.score})
     * and a {@code segment} tag. Separate families keep every existing query, rule and panel meaning the
     * whole traffic, instead of silently summing or alerting over segments too.
     */
    static String name(String name, String segment) {
        if (segment.isEmpty()) {
            return name;
        }
        int dot = name.indexOf('.');
        return name.substring(0, dot) + ".segment" + name.substring(dot);
    }

    static Tags base(String version, String segment) {
        return segment.isEmpty() ? Tags.of("version", version) : Tags.of("version", version, "segment", segment);
    }

    /** The value of a gauge; NaN when it was never set. */
    double value(String name, String model, Tags tags) {
        Holder h = gauges.get(new Key(name, model, tags));
        return h == null ? Double.NaN : h.value;
    }

    void removeModel(String model) {
        for (Iterator<Map.Entry<Key, Holder>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Holder> e = it.next();
            if (e.getKey().model().equals(model)) {
                registry.remove(e.getValue().gauge);
                it.remove();
            }
        }
    }
}
