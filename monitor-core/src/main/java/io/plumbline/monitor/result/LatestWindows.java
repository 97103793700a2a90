package io.plumbline.monitor.result;

import io.plumbline.monitor.observe.ModelVersion;
import io.plumbline.monitor.window.DriftWindow;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest closed window of each (model, version), with a copy of its counts, for the live drift page.
 * A window replaces the kept one only when it ends later: the Kafka monitor can close a window again
 * after an aborted transaction, and that must not bring back an older picture. Memory: one window's
 * counts per (model, version), the same as the monitor already holds for its open window. Thread-safe:
 * the monitor's threads write, HTTP requests read.
 */
public final class LatestWindows {
    private final ConcurrentMap<ModelVersion, WindowResult> latest = new ConcurrentHashMap<>();

    /** Keeps {@code result} if it is the latest of its (model, version); copies its counts, which the caller may reuse. */
    public void accept(WindowResult result) {
        ModelVersion key = new ModelVersion(result.model(), result.version());
        WindowResult kept = latest.get(key);
        if (kept != null && !result.end().isAfter(kept.end())) {
            return;
        }
        DriftWindow copy = new DriftWindow(result.counts().profile());
        copy.merge(result.counts());
        WindowResult own = new WindowResult(result.model(), result.version(), result.start(), result.end(),
                result.report(), copy);
        latest.merge(key, own, (old, now) -> now.end().isAfter(old.end()) ? now : old);
    }

    /** Every kept window, by model then version. */
    public List<WindowResult> all() {
        return latest.values().stream()
                .sorted(Comparator.comparing(WindowResult::model).thenComparing(WindowResult::version)).toList();
    }

    /** The kept window of one version, if one has closed. */
    public Optional<WindowResult> get(String model, String version) {
        return Optional.ofNullable(latest.get(new ModelVersion(model, version)));
    }

    /** Forgets every version of a model (the Kafka monitor no longer owns it). */
    public void remove(String model) {
        latest.keySet().removeIf(k -> k.model().equals(model));
    }
}
